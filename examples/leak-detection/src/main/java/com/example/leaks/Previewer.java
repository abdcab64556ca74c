package com.example.leaks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Code under test: renders previews with an external helper program. {@link #renderLeaky(String)} starts the helper
 * and forgets it, the kind of bug {@code @DetectProcessLeaks} catches; {@link #render(String)} and {@link #close()}
 * are the fix.
 */
public final class Previewer implements AutoCloseable {

    private final List<Process> helpers = new ArrayList<>();

    /** Starts a helper for a file and never looks at it again. */
    public void renderLeaky(String file) throws IOException {
        new ProcessBuilder("sh", "-c", "sleep 300 # render " + file).start();
    }

    /** Starts a helper for a file and keeps it, so {@link #close()} can end it. */
    public void render(String file) throws IOException {
        helpers.add(new ProcessBuilder("sh", "-c", "sleep 300 # render " + file).start());
    }

    /**
     * Ends every helper with what it started: the helper is a shell that forked the renderer, and ending the shell
     * alone would leave the renderer running, re-parented to init where no leak check sees it.
     */
    @Override
    public void close() throws InterruptedException {
        for (Process helper : helpers) {
            helper.descendants().forEach(ProcessHandle::destroy);
            helper.destroy();
            helper.waitFor();
        }
    }
}
