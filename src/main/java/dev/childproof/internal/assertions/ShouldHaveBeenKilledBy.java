package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import dev.childproof.Signal;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have been ended by a given signal. */
public final class ShouldHaveBeenKilledBy extends ProcessErrorMessage {

    private ShouldHaveBeenKilledBy(ChildProcess process, Object... arguments) {
        super("process", "to have been killed by %s, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param expected the expected signal
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveBeenKilledBy(ChildProcess process, Signal expected,
            ProcessState state) {
        return new ShouldHaveBeenKilledBy(process, expected, plain(Phrases.where(process, state)));
    }
}
