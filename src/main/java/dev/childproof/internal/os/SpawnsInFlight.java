package dev.childproof.internal.os;

import dev.childproof.internal.Monitors;

import java.time.Duration;

/**
 * Counts the processes Childproof is spawning right now: launches until the launch registry has them, idle
 * launchers until they are known as helpers, the watchdog until its pid is known, a {@code kill} command (a signal
 * sent through the program, {@link SignalSender}) until it has been reaped. Meanwhile such a child of the test
 * JVM cannot be told apart from one the test's own code started: it may carry the JVM's environment (no cookie
 * yet), sit in no cgroup of ours, and be registered nowhere. A leak check that finds children it cannot place waits
 * for the spawns in flight to finish, then looks at them again.
 */
public final class SpawnsInFlight {

    private static final Object LOCK = new Object();
    /** Guarded by {@link #LOCK}. */
    private static int inFlight;

    private SpawnsInFlight() {
    }

    /** A spawn begins: call before {@code ProcessBuilder.start()}, and {@link #end()} in a finally block. */
    public static void begin() {
        synchronized (LOCK) {
            inFlight++;
        }
    }

    /** A spawn has ended: its process can be told apart now (registered or known), or was never made. */
    public static void end() {
        synchronized (LOCK) {
            inFlight--;
            LOCK.notifyAll();
        }
    }

    /** Whether no spawn is in flight now. */
    public static boolean noneNow() {
        synchronized (LOCK) {
            return inFlight <= 0;
        }
    }

    /**
     * Waits until no spawn is in flight, up to a bound.
     *
     * @return whether none is
     */
    public static boolean awaitNone(Duration bound) {
        synchronized (LOCK) {
            return Monitors.awaitUntil(LOCK, () -> inFlight <= 0, bound);
        }
    }
}
