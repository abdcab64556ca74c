package dev.childproof.internal.assertions;

import dev.childproof.ExitStatus;
import dev.childproof.ProcessState;

/** How failure messages say where a process is in its life-cycle. */
final class Phrases {

    private Phrases() {
    }

    /** For example {@code is still alive (RUNNING)} or {@code was killed by SIGKILL (exit code 137)}. */
    static String where(ProcessReading reading) {
        ProcessState state = reading.state();
        if (state == ProcessState.NEW) {
            return "is NEW (never started)";
        }
        if (state.isAlive()) {
            return "is still alive (" + state + ")";
        }
        return reading.exitStatus().map(Phrases::ended).orElse("has terminated");
    }

    /** For example {@code is RUNNING} or {@code is TERMINATED (exited with code 3)}. */
    static String inState(ProcessReading reading) {
        return "is " + reading.state() + reading.exitStatus().map(status -> " (" + status + ")").orElse("");
    }

    /** {@link #where} followed by the rung of the stop ladder that ended the process, once it has ended. */
    static String whereWithRung(ProcessReading reading) {
        return where(reading) + reading.endedBy().map(rung -> ", ended on rung " + rung).orElse("");
    }

    /** For example {@code had already exited with code 1 before its stop event was set}. */
    static String endedBefore(ExitStatus status) {
        return (status.signal().isPresent() ? "had already been " + status : "had already " + status)
                + " before its stop event was set";
    }

    /** For example {@code exited with code 3} or {@code was killed by SIGTERM (exit code 143)}. */
    static String ended(ExitStatus status) {
        return status.signal().isPresent() ? "was " + status : status.toString();
    }
}
