package dev.childproof.internal;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Timed waits that an interrupt does not cut short, for the cleanup: it must give each process its whole stop
 * timeout, and wait for what it ended, however often something interrupts the thread meanwhile (code under test
 * that interrupts the test's thread while its processes are being ended). The interrupt is kept and set again when
 * the wait is over.
 */
public final class Uninterrupted {

    private Uninterrupted() {
    }

    /**
     * Runs an action with the thread's interrupt flag cleared (a write to a file channel fails on an interrupted
     * thread, and a wait would end at once), and sets the flag again afterwards when it was set.
     *
     * @param action what to run
     * @return what it returned
     */
    public static <T> T clearedWhile(Supplier<T> action) {
        boolean interrupted = Thread.interrupted();
        try {
            return action.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs a wait that ends early on an interrupt (setting the flag again, as every wait of the extension does) until
     * it succeeds or its whole timeout has passed.
     *
     * @param timeout the longest wait in all
     * @param wait a wait for up to the duration it is given; whether what it waits for happened
     * @return whether it happened within the timeout
     */
    public static boolean await(Duration timeout, Predicate<Duration> wait) {
        long deadline = System.nanoTime() + Timeouts.nanos(timeout);
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                boolean done = wait.test(Duration.ofNanos(Math.max(0, left)));
                if (done || !Thread.interrupted()) {
                    return done;
                }
                interrupted = true;
                if (left <= 0) {
                    return wait.test(Duration.ZERO);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
