package dev.childproof.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits on an object's monitor until a condition guarded by it holds, up to a bound. */
public final class Monitors {

    private Monitors() {
    }

    /**
     * Waits until the condition holds or the bound has passed; the caller holds the monitor, and whoever changes
     * the condition notifies it. An interrupt ends the wait (the flag is set again).
     *
     * @return whether the condition holds
     */
    public static boolean awaitUntil(Object monitor, BooleanSupplier condition, Duration bound) {
        long deadline = System.nanoTime() + Timeouts.nanos(bound);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
