package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import dev.childproof.StopRung;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have been ended by a given rung of the stop ladder. */
public final class ShouldHaveEndedOn extends ProcessErrorMessage {

    private ShouldHaveEndedOn(ChildProcess process, Object... arguments) {
        super("process", "to have ended on rung %s, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param expected the expected rung
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveEndedOn(ChildProcess process, StopRung expected, ProcessState state) {
        return new ShouldHaveEndedOn(process, expected, plain(Phrases.whereWithRung(process, state)));
    }
}
