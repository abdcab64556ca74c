package dev.childproof.internal.stop;

import dev.childproof.StopRung;
import dev.childproof.internal.reap.ProcessTree;

import java.time.Duration;

/** What the stop ladder needs from a process. */
public interface LadderTarget {

    /** Waits up to the timeout for the process to terminate; whether it did. */
    boolean awaitExit(Duration timeout);

    /**
     * Takes the process and its descendants alive now, then sets its stop event (rung 1). The tree comes first
     * because a process that dies of the request no longer shows its descendants (where no cgroup holds them).
     *
     * @return the tree taken before the request (merged with what was known of it)
     */
    ProcessTree requestStop();

    /**
     * Resumes the process (SIGCONT) when it reads as stopped, so that it can notice its stop event: rung 1 asks
     * {@link StopLadder#LOOK_FOR_STOPPED_AFTER} after the request, when the process has not exited by then.
     */
    void resumeIfStopped();

    /**
     * The process and its descendants alive now, for a later rung: from its cgroup and from the process table both
     * (what it forked before its move into its cgroup landed is outside the cgroup), merged with what was known.
     */
    ProcessTree lookAgain();

    /** Records that the ladder climbed to a rung. */
    void climbed(StopRung rung);

    /** Records another step of the ladder on the process's timeline (what it did to what the process left). */
    void said(String event);
}
