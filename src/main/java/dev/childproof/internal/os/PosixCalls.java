package dev.childproof.internal.os;

import java.util.OptionalInt;

/**
 * The few system calls the JDK does not offer: becoming a child subreaper and reaping one adopted child by its
 * pid. This is the Java 17 version, where nothing is available without a native library; the multi-release jar
 * holds a Java 22+ version ({@code META-INF/versions/22}) that makes the calls through the FFM API.
 */
public final class PosixCalls {

    private static final PosixCalls INSTANCE = new PosixCalls();

    private PosixCalls() {
    }

    /** The calls of this runtime. */
    public static PosixCalls instance() {
        return INSTANCE;
    }

    /** Whether the calls below do anything on this runtime (Java 22+ on Linux). */
    public boolean isAvailable() {
        return false;
    }

    /** Why the calls are not available, for skip messages and diagnostics; empty when they are. */
    public String unavailableReason() {
        return "this copy of Childproof runs without its Java 22+ classes (Java " + Runtime.version().feature()
                + " ignores META-INF/versions/22, or the classes were loaded from a directory, not the jar)";
    }

    /**
     * Makes this process a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER, 1)}): orphans of its descendants
     * are re-parented to it instead of to init.
     *
     * @return whether it is one now
     */
    public boolean becomeChildSubreaper() {
        return false;
    }

    /**
     * Sends a signal by number ({@code kill(2)}), without any identity check; callers check first.
     *
     * @return whether it was delivered; always false where the calls are not available
     */
    public boolean signal(long pid, int signal) {
        return false;
    }

    /**
     * Reaps one child by its pid without blocking ({@code waitpid(pid, &status, WNOHANG)}); never {@code -1},
     * which would steal the exit statuses the JDK's {@code Process} objects wait for.
     *
     * @return the raw wait status when the child had ended and is reaped now; empty otherwise
     */
    public OptionalInt reap(long pid) {
        return OptionalInt.empty();
    }
}
