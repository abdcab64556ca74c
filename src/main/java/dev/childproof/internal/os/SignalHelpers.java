package dev.childproof.internal.os;

import dev.childproof.internal.Monitors;

import java.time.Duration;

/**
 * Counts the {@code kill} commands running now (signals other than SIGTERM and SIGKILL before Java 22): each is a
 * child of the test JVM for a few milliseconds, with the JVM's environment and in its cgroup, so a leak check that
 * finds one cannot tell it from a process the test's own code started. It waits for them to end, then looks again.
 */
public final class SignalHelpers {

    private static final Object LOCK = new Object();
    /** Guarded by {@link #LOCK}. */
    private static int running;

    private SignalHelpers() {
    }

    static void begin() {
        synchronized (LOCK) {
            running++;
        }
    }

    static void end() {
        synchronized (LOCK) {
            running--;
            LOCK.notifyAll();
        }
    }

    /**
     * Waits until no {@code kill} command runs, up to a bound.
     *
     * @param bound the longest wait
     * @return whether none runs
     */
    public static boolean awaitNone(Duration bound) {
        synchronized (LOCK) {
            return Monitors.awaitUntil(LOCK, () -> running <= 0, bound);
        }
    }
}
