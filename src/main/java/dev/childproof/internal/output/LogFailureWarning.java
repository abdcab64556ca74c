package dev.childproof.internal.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Says once per test JVM, on standard error, that a log file could not be created or written (a full disk, a
 * read-only or unwritable {@code childproof.output.dir}, no file descriptor left): the processes run on and their
 * output stays in memory, but a passing test would otherwise never tell that its logs are incomplete. Failure
 * reports still mark each incomplete log.
 */
final class LogFailureWarning {

    private static final AtomicBoolean WARNED = new AtomicBoolean();
    /** Standard error as it is when the warning is given (a runner may have replaced it since this class loaded). */
    private static volatile Consumer<String> out = line -> System.err.println(line);

    private LogFailureWarning() {
    }

    /** Warns about the failure unless a log failure was warned about already in this JVM. */
    static void warn(Path log, IOException failure) {
        if (WARNED.compareAndSet(false, true)) {
            out.accept(message(log, failure));
        }
    }

    /** The warning's one sentence. */
    static String message(Path log, IOException failure) {
        return "childproof: warning: cannot write the log file " + log.toAbsolutePath() + " (" + reason(failure)
                + "), so this run's logs may be incomplete (output is still read and kept in memory); set"
                + " childproof.output.dir to a writable directory with free space.";
    }

    private static String reason(IOException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileSystemException && ((FileSystemException) failure).getReason() != null) {
            return ((FileSystemException) failure).getReason();
        }
        return String.valueOf(failure.getMessage());
    }

    /** For tests: where the warning goes, and whether it was given; returns what restores the default. */
    static Runnable redirect(Consumer<String> to) {
        boolean warned = WARNED.getAndSet(false);
        Consumer<String> before = out;
        out = to;
        return () -> {
            out = before;
            WARNED.set(warned);
        };
    }
}
