package dev.childproof.internal.stop;

import dev.childproof.StopRung;
import dev.childproof.internal.reap.ProcessTree;

import java.time.Duration;

/** What the stop ladder needs from a process. */
public interface LadderTarget {

    /** Waits up to the timeout for the process to terminate; whether it did. */
    boolean awaitExit(Duration timeout);

    /** Sets the process's stop event (rung 1). */
    void requestStop();

    /** The process and its descendants alive now. */
    ProcessTree tree();

    /** Records that the ladder climbed to a rung. */
    void climbed(StopRung rung);
}
