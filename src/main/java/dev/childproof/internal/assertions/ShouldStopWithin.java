package dev.childproof.internal.assertions;

import dev.childproof.internal.Durations;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;

/** The process was expected to stop on its own within a given time after its stop event was set. */
public final class ShouldStopWithin extends ProcessErrorMessage {

    private ShouldStopWithin(ProcessReading reading, Object... arguments) {
        super("process", "to stop within %s after its stop event was set, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as read after the wait (alive, or ended just after it)
     * @param timeout the time it was given
     * @return the message factory
     */
    public static ErrorMessageFactory shouldStopWithin(ProcessReading reading, Duration timeout) {
        String later = Durations.format(timeout) + " later";
        return new ShouldStopWithin(reading, plain(Durations.format(timeout)), plain(reading.state().isAlive()
                ? Phrases.where(reading) + " " + later
                : "was still alive " + later + " (it has ended since: " + Phrases.where(reading) + ")"));
    }
}
