package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have exited with a given code. */
public final class ShouldHaveExitCode extends ProcessErrorMessage {

    private ShouldHaveExitCode(ChildProcess process, Object... arguments) {
        super("process", "to have exited with code %s, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param expected the expected exit code
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveExitCode(ChildProcess process, int expected, ProcessState state) {
        return new ShouldHaveExitCode(process, expected, plain(Phrases.where(process, state)));
    }
}
