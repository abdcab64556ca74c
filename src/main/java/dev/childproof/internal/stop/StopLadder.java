package dev.childproof.internal.stop;

import dev.childproof.StopRung;
import dev.childproof.internal.Uninterrupted;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.ProcessTree;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Ends a process, climbing only as far as it must:
 * <ol>
 * <li>set its stop event and wait up to the stop timeout (resuming it {@link #LOOK_FOR_STOPPED_AFTER} into the wait
 * when it has not exited and reads as stopped);</li>
 * <li>SIGTERM the process and its descendants (and SIGCONT to those stopped), wait up to the kill timeout;</li>
 * <li>SIGKILL the whole tree.</li>
 * </ol>
 * Descendants are taken before the process is asked anything (they are no longer found under it once it died),
 * and whatever of them outlives the process is ended the same way. A member the system refuses a signal (another
 * user's process) is not waited for: each rung returns those still alive, for the caller to report.
 */
public final class StopLadder {

    /** How long to wait for SIGKILL to take effect; only a process in uninterruptible sleep takes longer. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);

    /**
     * How long to wait for the JDK to report the exit of a process the operating system already shows as gone; without
     * it the ladder would climb to SIGKILL for a process SIGTERM had ended.
     */
    static final Duration EXIT_REPORT_GRACE = Duration.ofSeconds(1);

    /**
     * How long rung 1 waits before it looks whether the process is stopped (SIGSTOP, by something other than the
     * test: the program itself, a debugger, a shell's job control), which could not notice its stop event, and
     * resumes it. Looked for only then, not at the request: most processes have exited by then (a Java child 7 ms
     * after the request, {@code sh} and {@code python3} children polling every 10 ms 8 to 9 ms after it), and the
     * look is a read of {@code /proc/<pid>/stat}: 14 µs of the launching thread's CPU a stopped-{@code sleep} cycle,
     * 20 µs of a suite test's in a profile (BENCHMARKS.md, twenty-ninth session). A process the test stopped is
     * resumed at the request, before anything is looked for.
     */
    static final Duration LOOK_FOR_STOPPED_AFTER = Duration.ofMillis(20);

    private StopLadder() {
    }

    /**
     * Climbs the ladder from rung 1.
     *
     * @param target the process
     * @param stopTimeout the rung 1 wait
     * @param killTimeout the rung 2 wait
     * @param stopOnInterrupt whether an interrupt of the climbing thread, which ends a wait early, stops the climb
     *     (a test's own {@code stop()}: an interrupted wait is not a missed deadline) rather than hurrying it on
     *     (the cleanup, which must end the process whatever happens)
     * @return the members of the tree still alive that the system refused the signals (processes running as
     *     another user); empty when nothing was refused
     */
    public static List<ProcessIdentity> climb(LadderTarget target, Duration stopTimeout, Duration killTimeout,
            boolean stopOnInterrupt) {
        ProcessTree tree = target.requestStop();
        Duration beforeLook = stopTimeout.compareTo(LOOK_FOR_STOPPED_AFTER) < 0 ? stopTimeout : LOOK_FOR_STOPPED_AFTER;
        boolean exited = awaitExit(target, beforeLook, stopOnInterrupt);
        if (!exited && !(stopOnInterrupt && Thread.currentThread().isInterrupted())) {
            target.resumeIfStopped();
            exited = awaitExit(target, stopTimeout.minus(beforeLook), stopOnInterrupt);
        }
        if (exited) {
            return endLeftovers(tree, killTimeout, stopOnInterrupt, target::said);
        }
        if (stopOnInterrupt && Thread.currentThread().isInterrupted()) {
            return List.of();
        }
        return terminate(target, target.lookAgain(), killTimeout, stopOnInterrupt); // merged with the request's tree
    }

    /**
     * Starts at rung 2: SIGTERM to the tree, then SIGKILL.
     *
     * @param target the process
     * @param killTimeout the rung 2 wait
     * @param stopOnInterrupt as for {@link #climb}
     * @return as {@link #climb}
     */
    private static List<ProcessIdentity> terminate(LadderTarget target, ProcessTree tree, Duration killTimeout,
            boolean stopOnInterrupt) {
        if (nothingLeft(target, tree)) {
            return List.of(); // it exited meanwhile and left nothing: no signal, and none on its timeline
        }
        target.climbed(StopRung.SIGTERM);
        List<ProcessIdentity> refused = tree.terminate();
        // gone from the OS: the JDK reports the exit a moment later, so wait for that rather than climb on
        if (awaitGone(tree, killTimeout, refused, stopOnInterrupt) && refused.isEmpty()
                && awaitExit(target, EXIT_REPORT_GRACE, stopOnInterrupt)) {
            return List.of();
        }
        if (stopOnInterrupt && Thread.currentThread().isInterrupted()) {
            return List.of();
        }
        return kill(target, target.lookAgain(), stopOnInterrupt);
    }

    /**
     * Goes straight to rung 3: SIGKILL to the whole tree, for daemons and {@code kill()}.
     *
     * @param target the process
     * @param tree the process and its descendants
     * @param stopOnInterrupt whether an interrupt ends the waits for the tree to be gone (rung 3 of a test's own
     *     {@code stop()}) or not (the cleanup, {@code kill()})
     * @return the members still alive that the system refused the signal
     */
    public static List<ProcessIdentity> kill(LadderTarget target, ProcessTree tree, boolean stopOnInterrupt) {
        List<ProcessIdentity> refused = List.of();
        if (!nothingLeft(target, tree)) {
            target.climbed(StopRung.SIGKILL);
            refused = tree.kill();
            awaitGone(tree, KILL_GRACE, refused, stopOnInterrupt);
        }
        if (!refused.contains(tree.root())) {
            awaitExit(target, KILL_GRACE, stopOnInterrupt);
        }
        return stillAlive(tree, refused);
    }

    /** Whether the process has exited and no descendant known in its tree runs on: a signal would reach no one. */
    private static boolean nothingLeft(LadderTarget target, ProcessTree tree) {
        return target.awaitExit(Duration.ZERO) && tree.withoutRoot().alive().isEmpty();
    }

    /**
     * Descendants that outlived their parent get SIGTERM, then SIGKILL, each said to {@code said} (the process's
     * timeline: {@code SIGTERM sent to what it left running: pid 123, pid 124}); at cleanup
     * ({@code stopOnInterrupt} false) an interrupt does not cut the SIGTERM's wait short.
     *
     * @param exitedTree the tree of a process whose exit the JDK has reported: its root is not looked at again
     */
    public static List<ProcessIdentity> endLeftovers(ProcessTree exitedTree, Duration killTimeout,
            boolean stopOnInterrupt, Consumer<String> said) {
        ProcessTree tree = exitedTree.withoutRoot();
        List<ProcessIdentity> alive = tree.alive();
        if (alive.isEmpty()) {
            return List.of();
        }
        List<ProcessIdentity> refused = tree.terminate();
        said.accept("SIGTERM sent to what it left running: " + pids(alive));
        if (!awaitGone(tree, killTimeout, refused, stopOnInterrupt) || !refused.isEmpty()) {
            refused = tree.kill();
            said.accept("SIGKILL sent to what it left running");
            awaitGone(tree, KILL_GRACE, refused, stopOnInterrupt);
        }
        return stillAlive(tree, refused);
    }

    private static String pids(List<ProcessIdentity> processes) {
        StringJoiner pids = new StringJoiner(", ");
        processes.forEach(process -> pids.add("pid " + process.pid()));
        return pids.toString();
    }

    /** The refused members that still run. */
    private static List<ProcessIdentity> stillAlive(ProcessTree tree, List<ProcessIdentity> refused) {
        if (refused.isEmpty()) {
            return refused;
        }
        List<ProcessIdentity> alive = tree.alive();
        alive.retainAll(refused);
        return alive;
    }

    /** The wait for the exit: at cleanup ({@code stopOnInterrupt} false) one that an interrupt does not cut short. */
    private static boolean awaitExit(LadderTarget target, Duration timeout, boolean stopOnInterrupt) {
        return stopOnInterrupt ? target.awaitExit(timeout) : Uninterrupted.await(timeout, target::awaitExit);
    }

    /**
     * The wait for every member but the refused ones to be gone (they will not go of a signal they did not get), as
     * {@link #awaitExit(LadderTarget, Duration, boolean)} for interrupts.
     */
    private static boolean awaitGone(ProcessTree tree, Duration timeout, List<ProcessIdentity> refused,
            boolean stopOnInterrupt) {
        return stopOnInterrupt ? tree.awaitGone(timeout, refused)
                : Uninterrupted.await(timeout, left -> tree.awaitGone(left, refused));
    }
}
