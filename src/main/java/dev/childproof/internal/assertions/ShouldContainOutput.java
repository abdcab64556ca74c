package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import org.assertj.core.error.ErrorMessageFactory;

/** The output was expected to contain a text. */
public final class ShouldContainOutput extends ProcessErrorMessage {

    private ShouldContainOutput(ChildProcess process, Object... arguments) {
        super("output of process", "to contain:%n  %s%nbut it does not.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param expected the text
     * @return the message factory
     */
    public static ErrorMessageFactory shouldContainOutput(ChildProcess process, CharSequence expected) {
        return new ShouldContainOutput(process, expected);
    }
}
