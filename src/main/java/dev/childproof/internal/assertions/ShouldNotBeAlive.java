package dev.childproof.internal.assertions;

import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected not to be alive. */
public final class ShouldNotBeAlive extends ProcessErrorMessage {

    private ShouldNotBeAlive(ProcessReading reading, Object... arguments) {
        super("process", "not to be alive, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @return the message factory
     */
    public static ErrorMessageFactory shouldNotBeAlive(ProcessReading reading) {
        return new ShouldNotBeAlive(reading, plain(Phrases.where(reading)));
    }
}
