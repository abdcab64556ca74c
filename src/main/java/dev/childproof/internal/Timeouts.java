package dev.childproof.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts as deadlines: a class of its own, with nothing to initialise, since child JVMs use it too (the stop
 * event's waits) and load as few classes as they can.
 */
public final class Timeouts {

    /** The longest wait, in nanoseconds: about 146 years, so {@code System.nanoTime()} plus it wraps once at most. */
    private static final long LONGEST_NANOS = Long.MAX_VALUE / 2;

    private Timeouts() {
    }

    /**
     * A timeout in nanoseconds: a negative one is 0 (as in the JDK's own waits), null is a
     * {@link NullPointerException} naming it, and one beyond about 146 years (such as
     * {@code ChronoUnit.FOREVER.getDuration()} or {@code Duration.ofMillis(Long.MAX_VALUE)}, on which
     * {@link Duration#toNanos()} throws) waits that long.
     */
    public static long nanos(Duration timeout) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            return 0;
        }
        return timeout.getSeconds() >= LONGEST_NANOS / 1_000_000_000L ? LONGEST_NANOS : timeout.toNanos();
    }
}
