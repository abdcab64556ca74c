package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import org.assertj.core.error.ErrorMessageFactory;

/** The process was expected to have exited with code 0 without being forced. */
public final class ShouldHaveExitedNormally extends ProcessErrorMessage {

    private ShouldHaveExitedNormally(ChildProcess process, Object... arguments) {
        super("process", "to have exited normally (with code 0, not forced by the stop ladder), but it %s.", process,
                arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param state its observed state
     * @return the message factory
     */
    public static ErrorMessageFactory shouldHaveExitedNormally(ChildProcess process, ProcessState state) {
        return new ShouldHaveExitedNormally(process, plain(Phrases.whereWithRung(process, state)));
    }
}
