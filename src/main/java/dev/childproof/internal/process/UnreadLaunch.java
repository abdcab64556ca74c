package dev.childproof.internal.process;

import dev.childproof.internal.Timeouts;
import dev.childproof.internal.launch.LaunchFailureHint;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.internal.reap.LaunchRegistry;
import dev.childproof.internal.reap.ProcessTree;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A launched process whose output cannot be read: no drainer thread could be started for it (the test JVM is at its
 * process or thread limit, where {@link Thread#start} throws {@code OutOfMemoryError: unable to create native
 * thread}). Nobody would read its pipes, so it would block once they filled and outlive its test unseen; it is ended
 * at once instead, on the launching thread (no other is to be had): killed with its tree (and whatever its cgroup
 * holds), waited for until the JDK has reaped it, and then forgotten by the registry. The launch fails in one
 * sentence that names the cause and the fix, with the error as its cause. Only a failing launch comes here.
 */
final class UnreadLaunch {

    /** How long the JDK is given to reap the killed process: far more than a SIGKILL takes. */
    static final Duration REAPED_WITHIN = Duration.ofSeconds(10);

    private UnreadLaunch() {
    }

    /**
     * Ends a registered process whose drainers could not be started.
     *
     * @param name the process's name
     * @param process the JDK's handle of it
     * @param record its launch, as registered; forgotten once the process is reaped (else the run's end has it)
     * @param output its capture, whose log file is closed
     * @param os the operating system
     * @param cause why no drainer could be started
     * @return the failure for the launch to throw
     */
    static IllegalStateException end(String name, Process process, LaunchRecord record, OutputCapture output,
            OperatingSystem os, OutOfMemoryError cause) {
        IllegalStateException failure = new IllegalStateException(message(name, cause), cause);
        try {
            // the tree is taken while the root lives (without a cgroup its descendants are found under it only then)
            ProcessTree tree = ProcessTree.snapshot(os, record.identity());
            process.destroyForcibly(); // by the JDK's handle: its pid is its own until the JDK reaps it
            tree.kill();
            if (process.waitFor(Timeouts.nanos(REAPED_WITHIN), TimeUnit.NANOSECONDS)) {
                LaunchRegistry.instance().remove(record);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // killed, not known to be reaped: left to the run's end
        } finally {
            output.close();
        }
        return failure;
    }

    /**
     * The one sentence a launch whose output cannot be read fails with: no thread to be had ("unable to create native
     * thread"), or, for any other {@code OutOfMemoryError}, no memory.
     */
    static String message(String name, OutOfMemoryError cause) {
        String reason = cause.getMessage();
        if (reason != null && !reason.contains("native thread")) {
            return "Process [" + name + "] was launched but its output could not be read, so it was killed: the JVM"
                    + " ran out of memory (" + reason + "); give the test JVM more (-Xmx) or keep less of each"
                    + " process's output in memory (outputBufferKiB).";
        }
        return "Process [" + name + "] was launched but its output could not be read, so it was killed: no thread"
                + " could be started (the JVM is at its process or thread limit); "
                + LaunchFailureHint.PROCESS_LIMIT_ADVICE + ".";
    }
}
