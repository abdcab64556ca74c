package dev.childproof.internal.child;

import dev.childproof.StopEvent;
import dev.childproof.TaskContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/** The {@link TaskContext} of a child JVM, read from its environment. */
public final class ChildTaskContext implements TaskContext {

    private final List<String> args;

    private ChildTaskContext(List<String> args) {
        this.args = List.copyOf(args);
    }

    /** The context of this JVM with the given arguments. */
    public static ChildTaskContext current(List<String> args) {
        ChildEnvironment.require(ChildEnvironment.COOKIE);
        return new ChildTaskContext(args);
    }

    @Override
    public List<String> args() {
        return args;
    }

    @Override
    public String name() {
        return ChildEnvironment.require(ChildEnvironment.NAME);
    }

    @Override
    public StopEvent stopEvent() {
        return ChildStopEvent.current();
    }

    @Override
    public void ready() {
        try {
            Files.createFile(Paths.get(ChildEnvironment.require(ChildEnvironment.READY_FILE)));
        } catch (FileAlreadyExistsException e) {
            // already said
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the ready file", e);
        }
    }
}
