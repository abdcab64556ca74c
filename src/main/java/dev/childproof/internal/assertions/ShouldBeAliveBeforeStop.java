package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.internal.Durations;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;

/** The process was expected to stop after its stop event was set, but had ended before. */
public final class ShouldBeAliveBeforeStop extends ProcessErrorMessage {

    private ShouldBeAliveBeforeStop(ChildProcess process, Object... arguments) {
        super("process", "to stop within %s after its stop event was set, but it %s.", process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param timeout the time it was to be given
     *     (the process is NEW or had ended already)
     * @return the message factory
     */
    public static ErrorMessageFactory shouldBeAliveBeforeStop(ChildProcess process, Duration timeout) {
        return new ShouldBeAliveBeforeStop(process, plain(Durations.format(timeout)),
                plain(process.exitStatus().map(Phrases::endedBefore).orElse("is NEW (never started)")));
    }
}
