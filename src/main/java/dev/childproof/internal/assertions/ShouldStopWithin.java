package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import dev.childproof.internal.Durations;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;

/** The process was expected to stop on its own within a given time after its stop event was set. */
public final class ShouldStopWithin extends ProcessErrorMessage {

    private ShouldStopWithin(ChildProcess process, Object... arguments) {
        super("process", "to stop within %s after its stop event was set, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param timeout the time it was given
     * @param state its observed state after the wait (alive)
     * @return the message factory
     */
    public static ErrorMessageFactory shouldStopWithin(ChildProcess process, Duration timeout, ProcessState state) {
        return new ShouldStopWithin(process, plain(Durations.format(timeout)),
                plain(Phrases.where(process, state) + " " + Durations.format(timeout) + " later"));
    }
}
