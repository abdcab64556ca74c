package dev.childproof.internal.assertions;

import dev.childproof.ExitStatus;
import dev.childproof.Signal;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** The exit status was expected to name a given signal. */
public final class ExitStatusShouldBeKilledBy extends BasicErrorMessageFactory {

    private ExitStatusShouldBeKilledBy(Object... arguments) {
        super("%nExpecting exit status:%n  %s%nto say killed by %s, but it %s.", arguments);
    }

    /**
     * Creates the message.
     *
     * @param actual the exit status
     * @param expected the signal
     * @return the message factory
     */
    public static ErrorMessageFactory exitStatusShouldBeKilledBy(ExitStatus actual, Signal expected) {
        return new ExitStatusShouldBeKilledBy(actual, expected, unquotedString(actual.signal()
                .map(signal -> "says killed by " + signal).orElse("says the process exited with a code of its own")));
    }
}
