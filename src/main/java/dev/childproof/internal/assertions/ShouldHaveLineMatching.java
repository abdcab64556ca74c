package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import org.assertj.core.error.ErrorMessageFactory;

/** The output was expected to have a line matching a regular expression. */
public final class ShouldHaveLineMatching extends ProcessErrorMessage {

    private ShouldHaveLineMatching(ChildProcess process, Object... arguments) {
        super("output of process", "to have a line matching:%n  %s%nbut none of its %s lines does.", process,
                arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param regex the regular expression
     * @param lineCount how many lines were searched
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveLineMatching(ChildProcess process, String regex, int lineCount) {
        return new ShouldHaveLineMatching(process, regex, lineCount);
    }
}
