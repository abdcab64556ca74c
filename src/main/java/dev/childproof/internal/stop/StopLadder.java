package dev.childproof.internal.stop;

import dev.childproof.StopRung;
import dev.childproof.internal.Uninterrupted;
import dev.childproof.internal.reap.ProcessTree;

import java.time.Duration;

/**
 * Ends a process, climbing only as far as it must:
 * <ol>
 * <li>set its stop event and wait up to the stop timeout;</li>
 * <li>SIGTERM the process and its descendants, wait up to the kill timeout;</li>
 * <li>SIGKILL the whole tree.</li>
 * </ol>
 * Descendants are taken before the process is asked anything (they are no longer found under it once it died),
 * and whatever of them outlives the process is ended the same way.
 */
public final class StopLadder {

    /** How long to wait for SIGKILL to take effect; only a process in uninterruptible sleep takes longer. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);

    /**
     * How long to wait for the JDK to report the exit of a process the operating system already shows as gone; without
     * it the ladder would climb to SIGKILL for a process SIGTERM had ended.
     */
    static final Duration EXIT_REPORT_GRACE = Duration.ofSeconds(1);

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
     */
    public static void climb(LadderTarget target, Duration stopTimeout, Duration killTimeout,
            boolean stopOnInterrupt) {
        ProcessTree tree = target.requestStop();
        if (awaitExit(target, stopTimeout, stopOnInterrupt)) {
            endLeftovers(tree, killTimeout, stopOnInterrupt);
            return;
        }
        if (stopOnInterrupt && Thread.currentThread().isInterrupted()) {
            return;
        }
        terminate(target, tree.merge(target.tree()), killTimeout, stopOnInterrupt);
    }

    /**
     * Starts at rung 2: SIGTERM to the tree, then SIGKILL.
     *
     * @param target the process
     * @param killTimeout the rung 2 wait
     * @param stopOnInterrupt as for {@link #climb}
     */
    public static void terminate(LadderTarget target, ProcessTree tree, Duration killTimeout,
            boolean stopOnInterrupt) {
        if (nothingLeft(target, tree)) {
            return; // it exited meanwhile and left nothing: no signal, and none on its timeline
        }
        target.climbed(StopRung.SIGTERM);
        tree.signal("TERM");
        tree.continueStopped(); // a stopped member would keep the SIGTERM pending until the SIGKILL
        // gone from the OS: the JDK reports the exit a moment later, so wait for that rather than climb on
        if (awaitGone(tree, killTimeout, stopOnInterrupt) && awaitExit(target, EXIT_REPORT_GRACE, stopOnInterrupt)) {
            return;
        }
        if (stopOnInterrupt && Thread.currentThread().isInterrupted()) {
            return;
        }
        kill(target, tree.merge(target.tree()), stopOnInterrupt);
    }

    /**
     * Goes straight to rung 3: SIGKILL to the whole tree, for daemons and {@code kill()}.
     *
     * @param target the process
     * @param tree the process and its descendants
     */
    public static void kill(LadderTarget target, ProcessTree tree) {
        kill(target, tree, true);
    }

    /**
     * Goes straight to rung 3, as {@link #kill(LadderTarget, ProcessTree)}.
     *
     * @param stopOnInterrupt whether an interrupt ends the waits for the tree to be gone (a test's own
     *     {@code kill()}) or not (the cleanup)
     */
    public static void kill(LadderTarget target, ProcessTree tree, boolean stopOnInterrupt) {
        if (!nothingLeft(target, tree)) {
            target.climbed(StopRung.SIGKILL);
            tree.kill();
            awaitGone(tree, KILL_GRACE, stopOnInterrupt);
        }
        awaitExit(target, KILL_GRACE, stopOnInterrupt);
    }

    /** Whether the process has exited and no descendant known in its tree runs on: a signal would reach no one. */
    private static boolean nothingLeft(LadderTarget target, ProcessTree tree) {
        return target.awaitExit(Duration.ZERO) && tree.alive().isEmpty();
    }

    /** Descendants that outlived their parent get SIGTERM, then SIGKILL. */
    public static void endLeftovers(ProcessTree tree, Duration killTimeout) {
        endLeftovers(tree, killTimeout, true);
    }

    /**
     * Descendants that outlived their parent get SIGTERM, then SIGKILL; at cleanup ({@code stopOnInterrupt} false)
     * an interrupt does not cut the SIGTERM's wait short.
     */
    public static void endLeftovers(ProcessTree tree, Duration killTimeout, boolean stopOnInterrupt) {
        if (tree.alive().isEmpty()) {
            return;
        }
        tree.signal("TERM");
        tree.continueStopped();
        if (!awaitGone(tree, killTimeout, stopOnInterrupt)) {
            tree.kill();
            awaitGone(tree, KILL_GRACE, stopOnInterrupt);
        }
    }

    /** The wait for the exit: at cleanup ({@code stopOnInterrupt} false) one that an interrupt does not cut short. */
    private static boolean awaitExit(LadderTarget target, Duration timeout, boolean stopOnInterrupt) {
        return stopOnInterrupt ? target.awaitExit(timeout) : Uninterrupted.await(timeout, target::awaitExit);
    }

    /** The wait for the tree to be gone, as {@link #awaitExit(LadderTarget, Duration, boolean)}. */
    private static boolean awaitGone(ProcessTree tree, Duration timeout, boolean stopOnInterrupt) {
        return stopOnInterrupt ? tree.awaitGone(timeout) : Uninterrupted.await(timeout, tree::awaitGone);
    }
}
