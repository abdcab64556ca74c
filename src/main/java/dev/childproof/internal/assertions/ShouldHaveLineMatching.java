package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import org.assertj.core.error.ErrorMessageFactory;

/** The output was expected to have a line matching a regular expression. */
public final class ShouldHaveLineMatching extends ProcessErrorMessage {

    private ShouldHaveLineMatching(ChildProcess process, String found, Object... arguments) {
        super("output of process", "to have a line matching:%n  %s%nbut " + found + ".", process, arguments);
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
        String found = lineCount == 0 ? "it has no lines" : lineCount == 1 ? "its one line does not"
                : "none of its " + lineCount + " lines does";
        return new ShouldHaveLineMatching(process, found, regex);
    }
}
