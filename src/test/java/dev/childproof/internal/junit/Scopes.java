package dev.childproof.internal.junit;

import dev.childproof.internal.os.OperatingSystem;

import java.nio.file.Path;

/** Opens a {@link ProcessScope} without JUnit around it, for benchmarks that run processes as a test's scope does. */
public final class Scopes {

    private Scopes() {
    }

    /**
     * A scope whose processes log under the given directory; its {@code close()} ends them as a test's end does (the
     * stop ladder, the sweep for what left their trees, the release of their output and cgroups).
     */
    public static ProcessScope open(Path logDirectory) {
        return new ProcessScope(OperatingSystem.current(), logDirectory);
    }
}
