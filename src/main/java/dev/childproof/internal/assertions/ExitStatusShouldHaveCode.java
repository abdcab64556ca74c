package dev.childproof.internal.assertions;

import dev.childproof.ExitStatus;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** The exit status was expected to have a given code. */
public final class ExitStatusShouldHaveCode extends BasicErrorMessageFactory {

    private ExitStatusShouldHaveCode(Object... arguments) {
        super("%nExpecting exit status:%n  %s%nto have code %s, but it has code %s.", arguments);
    }

    /**
     * Creates the message.
     *
     * @param actual the exit status
     * @param expected the code
     * @return the message factory
     */
    public static ErrorMessageFactory exitStatusShouldHaveCode(ExitStatus actual, int expected) {
        return new ExitStatusShouldHaveCode(actual, expected, actual.code());
    }
}
