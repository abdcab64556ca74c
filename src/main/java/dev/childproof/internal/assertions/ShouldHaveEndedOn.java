package dev.childproof.internal.assertions;

import dev.childproof.StopRung;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have been ended by a given rung of the stop ladder. */
public final class ShouldHaveEndedOn extends ProcessErrorMessage {

    private ShouldHaveEndedOn(ProcessReading reading, Object... arguments) {
        super("process", "to have ended on rung %s, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @param expected the expected rung
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveEndedOn(ProcessReading reading, StopRung expected) {
        return new ShouldHaveEndedOn(reading, expected, plain(Phrases.whereWithRung(reading)));
    }
}
