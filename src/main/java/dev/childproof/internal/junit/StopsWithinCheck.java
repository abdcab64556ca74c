package dev.childproof.internal.junit;

import dev.childproof.StopRung;
import dev.childproof.TimelineEvent;
import dev.childproof.internal.Durations;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.process.ManagedProcess;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Checks a process's {@code @StopsWithin} deadline once it has been ended, and words the failure: the process, the
 * deadline, how long it really took, the rung of the stop ladder that ended it, its exit status, its timeline and
 * its last output lines. Daemons pass, and so do processes never asked to stop: never launched, exited before
 * anybody asked, or ended by the test's own {@code kill()}; and so do processes the test itself forced before the
 * deadline was up ({@code stop(Duration)} with a shorter wait, {@code kill()} after asking).
 */
final class StopsWithinCheck {

    static final int LAST_LINES = 20;

    private StopsWithinCheck() {
    }

    static Optional<AssertionError> check(ManagedProcess process) {
        Optional<Duration> deadline = process.declaration().stopsWithin();
        if (deadline.isEmpty() || process.declaration().daemon() || process.stopRequestedNanos() < 0) {
            return Optional.empty();
        }
        StopRung rung = process.endedBy().orElse(StopRung.SIGKILL);
        if (rung == StopRung.EXITED_ON_ITS_OWN) {
            return Optional.empty();
        }
        Optional<Duration> took = process.stopDuration();
        // ended within the deadline: on its own, or forced by the test before the deadline was up (its own
        // stop(Duration) with a shorter wait, or kill() after asking); the cleanup and stop() force only once it passed
        if (took.isPresent() && took.get().compareTo(deadline.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new AssertionError(message(process, deadline.get(), took, rung)));
    }

    private static String message(ManagedProcess process, Duration deadline, Optional<Duration> took, StopRung rung) {
        String nl = System.lineSeparator();
        String tookText = took.map(Durations::format).orElse("an unknown time");
        String status = process.exitStatus().map(Object::toString).orElse("it is still alive");
        StringBuilder message = new StringBuilder()
                .append("@StopsWithin(").append(Durations.format(deadline)).append(") missed by process [")
                .append(process.name()).append("] (pid ").append(process.pid()).append("): ");
        if (rung == StopRung.STOP_EVENT) {
            message.append("it stopped on its own, but ").append(tookText).append(" after its stop request");
        } else {
            message.append("it did not stop on its own within ").append(Durations.format(deadline))
                    .append(" of its stop request and was ended by ").append(rung).append(" after ").append(tookText);
        }
        message.append("; ").append(status).append('.').append(nl).append("Timeline:");
        for (TimelineEvent event : process.timeline().events()) {
            message.append(nl).append("  ").append(event);
        }
        List<String> tail = process.capture().tail(LAST_LINES);
        message.append(nl).append("Last lines:");
        if (tail.isEmpty()) {
            message.append(" (none)");
        }
        for (String line : tail) {
            message.append(nl).append("  ").append(OutputReport.cut(line));
        }
        return message.append(nl).append("Log: ").append(process.output().logFile().toAbsolutePath()).toString();
    }
}
