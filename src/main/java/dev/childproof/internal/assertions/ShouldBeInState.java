package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected in another state. */
public final class ShouldBeInState extends ProcessErrorMessage {

    private ShouldBeInState(ChildProcess process, Object... arguments) {
        super("process", "to be in state %s, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param expected the expected state
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldBeInState(ChildProcess process, ProcessState expected, ProcessState state) {
        return new ShouldBeInState(process, expected, plain(Phrases.inState(process, state)));
    }
}
