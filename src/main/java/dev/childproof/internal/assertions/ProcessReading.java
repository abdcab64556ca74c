package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.ExitStatus;
import dev.childproof.ProcessState;
import dev.childproof.StopRung;
import dev.childproof.internal.process.ManagedProcess;

import java.util.Optional;

/**
 * One reading of a process, taken by an assertion to decide and to word its failure: the exit status, the rung
 * that ended the process, its state, how it prints and its timeline. They agree with each other: the exit status is
 * read first and again last, and when the process ended in between the whole reading is taken again (once it has
 * ended, nothing of it changes any more).
 */
public final class ProcessReading {

    private final ChildProcess process;
    private final Optional<ExitStatus> status;
    private final Optional<StopRung> endedBy;
    private final ProcessState state;
    private final String description;
    private final String timeline;

    private ProcessReading(ChildProcess process, Optional<ExitStatus> status, Optional<StopRung> endedBy,
            ProcessState state, String description, String timeline) {
        this.process = process;
        this.status = status;
        this.endedBy = endedBy;
        this.state = state;
        this.description = description;
        this.timeline = timeline;
    }

    /**
     * Reads the process.
     *
     * @param process the process
     * @return the reading
     */
    public static ProcessReading of(ChildProcess process) {
        while (true) {
            Optional<ExitStatus> status = process.exitStatus();
            Optional<StopRung> endedBy = process.endedBy();
            ProcessState state = status.isPresent() ? ProcessState.TERMINATED : process.state();
            // worded from this reading: a second look at an observed state (RUNNING, BLOCKED) may differ
            String description = process instanceof ManagedProcess
                    ? ((ManagedProcess) process).toString(state, status) : String.valueOf(process);
            String timeline = process.timeline().toString();
            if (status.isPresent() || process.exitStatus().isEmpty()) {
                return new ProcessReading(process, status, endedBy, state, description, timeline);
            }
        }
    }

    /** @return the process read */
    public ChildProcess process() {
        return process;
    }

    /** @return its exit status, empty while it has not ended */
    public Optional<ExitStatus> exitStatus() {
        return status;
    }

    /** @return the rung that ended it, empty while it has not ended */
    public Optional<StopRung> endedBy() {
        return endedBy;
    }

    /** @return its state: {@link ProcessState#TERMINATED} whenever it has an exit status */
    public ProcessState state() {
        return state;
    }

    /** @return its {@code toString()}, for example {@code ChildProcess[quick, pid 42, TERMINATED, exited ...]} */
    String description() {
        return description;
    }

    /** @return its timeline as text, empty when nothing happened yet */
    String timeline() {
        return timeline;
    }
}
