package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to be alive. */
public final class ShouldBeAlive extends ProcessErrorMessage {

    private ShouldBeAlive(ChildProcess process, Object... arguments) {
        super("process", "to be alive, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldBeAlive(ChildProcess process, ProcessState state) {
        return new ShouldBeAlive(process, plain(Phrases.where(process, state)));
    }
}
