package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected not to be alive. */
public final class ShouldNotBeAlive extends ProcessErrorMessage {

    private ShouldNotBeAlive(ChildProcess process, Object... arguments) {
        super("process", "not to be alive, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldNotBeAlive(ChildProcess process, ProcessState state) {
        return new ShouldNotBeAlive(process, plain(Phrases.where(process, state)));
    }
}
