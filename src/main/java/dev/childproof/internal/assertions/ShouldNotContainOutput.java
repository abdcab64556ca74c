package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import org.assertj.core.error.ErrorMessageFactory;

/** The output was expected not to contain a text. */
public final class ShouldNotContainOutput extends ProcessErrorMessage {

    private ShouldNotContainOutput(ChildProcess process, Object... arguments) {
        super("output of process", "not to contain:%n  %s%nbut this line does:%n  %s", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param unexpected the text
     * @param line the first line holding it
     * @return the message factory
     */
    public static ErrorMessageFactory shouldNotContainOutput(ChildProcess process, CharSequence unexpected,
            String line) {
        return new ShouldNotContainOutput(process, unexpected, line);
    }
}
