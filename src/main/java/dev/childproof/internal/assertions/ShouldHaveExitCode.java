package dev.childproof.internal.assertions;

import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have exited with a given code. */
public final class ShouldHaveExitCode extends ProcessErrorMessage {

    private ShouldHaveExitCode(ProcessReading reading, Object... arguments) {
        super("process", "to have exited with code %s, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @param expected the expected exit code
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveExitCode(ProcessReading reading, int expected) {
        return new ShouldHaveExitCode(reading, expected, plain(Phrases.where(reading)));
    }
}
