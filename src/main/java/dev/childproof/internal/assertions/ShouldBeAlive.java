package dev.childproof.internal.assertions;

import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to be alive. */
public final class ShouldBeAlive extends ProcessErrorMessage {

    private ShouldBeAlive(ProcessReading reading, Object... arguments) {
        super("process", "to be alive, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @return the message factory
     */
    public static ErrorMessageFactory shouldBeAlive(ProcessReading reading) {
        return new ShouldBeAlive(reading, plain(Phrases.where(reading)));
    }
}
