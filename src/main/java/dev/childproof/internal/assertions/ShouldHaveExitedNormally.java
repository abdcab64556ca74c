package dev.childproof.internal.assertions;

import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have exited with code 0 without being forced. */
public final class ShouldHaveExitedNormally extends ProcessErrorMessage {

    private ShouldHaveExitedNormally(ProcessReading reading, Object... arguments) {
        super("process", "to have exited normally (with code 0, not forced by the stop ladder), but it %s.", reading,
                arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveExitedNormally(ProcessReading reading) {
        return new ShouldHaveExitedNormally(reading, plain(Phrases.whereWithRung(reading)));
    }
}
