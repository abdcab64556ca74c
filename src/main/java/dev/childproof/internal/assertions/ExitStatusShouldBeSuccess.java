package dev.childproof.internal.assertions;

import dev.childproof.ExitStatus;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** The exit status was expected to be a success. */
public final class ExitStatusShouldBeSuccess extends BasicErrorMessageFactory {

    private ExitStatusShouldBeSuccess(Object... arguments) {
        super("%nExpecting exit status:%n  %s%nto be a success (exit code 0), but it is not.", arguments);
    }

    /**
     * Creates the message.
     *
     * @param actual the exit status
     * @return the message factory
     */
    public static ErrorMessageFactory exitStatusShouldBeSuccess(ExitStatus actual) {
        return new ExitStatusShouldBeSuccess(actual);
    }
}
