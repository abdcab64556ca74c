package dev.childproof.internal.assertions;

import dev.childproof.Signal;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have been ended by a given signal. */
public final class ShouldHaveBeenKilledBy extends ProcessErrorMessage {

    private ShouldHaveBeenKilledBy(ProcessReading reading, Object... arguments) {
        super("process", "to have been killed by %s, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @param expected the expected signal
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveBeenKilledBy(ProcessReading reading, Signal expected) {
        return new ShouldHaveBeenKilledBy(reading, expected, plain(Phrases.where(reading)));
    }
}
