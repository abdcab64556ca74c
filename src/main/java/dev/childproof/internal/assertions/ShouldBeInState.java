package dev.childproof.internal.assertions;

import dev.childproof.ProcessState;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected in another state. */
public final class ShouldBeInState extends ProcessErrorMessage {

    private ShouldBeInState(ProcessReading reading, Object... arguments) {
        super("process", "to be in state %s, but it %s.", reading, arguments);
    }

    /**
     * Creates the message.
     *
     * @param reading the process as the assertion read it
     * @param expected the expected state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldBeInState(ProcessReading reading, ProcessState expected) {
        return new ShouldBeInState(reading, expected, plain(Phrases.inState(reading)));
    }
}
