package dev.childproof.internal.junit;

import dev.childproof.StopRung;
import dev.childproof.internal.Durations;
import dev.childproof.internal.process.ManagedProcess;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Checks a process's {@code @StopsWithin} deadline once it has been ended, and words the failure. */
final class StopsWithinCheck {

    private StopsWithinCheck() {
    }

    static Optional<AssertionError> check(ManagedProcess process) {
        Optional<Duration> deadline = process.declaration().stopsWithin();
        if (deadline.isEmpty() || process.declaration().daemon() || process.startInstant().isEmpty()) {
            return Optional.empty();
        }
        StopRung rung = process.endedBy().orElse(StopRung.SIGKILL);
        if (rung == StopRung.EXITED_ON_ITS_OWN) {
            return Optional.empty();
        }
        Optional<Duration> took = process.stopDuration();
        boolean onItsOwn = rung == StopRung.STOP_EVENT;
        if (onItsOwn && took.isPresent() && took.get().compareTo(deadline.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new AssertionError(message(process, deadline.get(), took, rung)));
    }

    private static String message(ManagedProcess process, Duration deadline, Optional<Duration> took, StopRung rung) {
        String nl = System.lineSeparator();
        String status = process.exitStatus().map(Object::toString).orElse("still alive");
        List<String> tail = process.capture().tail(20);
        return "@StopsWithin(" + Durations.format(deadline) + ") missed by process [" + process.name() + "]: it "
                + (rung == StopRung.STOP_EVENT
                        ? "stopped on its own, but only after " + took.map(Durations::format).orElse("?")
                        : "did not stop on its own within " + Durations.format(deadline) + " and was ended by "
                                + rung + took.map(t -> " after " + Durations.format(t)).orElse(""))
                + "; " + status + "." + nl
                + "Timeline: " + process.timeline() + nl
                + "Last lines:" + (tail.isEmpty() ? " (none)" : nl + "  " + String.join(nl + "  ", tail)) + nl
                + "Log: " + process.output().logFile();
    }
}
