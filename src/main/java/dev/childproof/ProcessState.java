package dev.childproof;

/**
 * The life-cycle state of a {@link ChildProcess}.
 *
 * <pre>
 * NEW --start()--&gt; STARTING --ready--&gt; RUNNING &lt;--&gt; BLOCKED
 *                                        |  &lt;-suspend/resume-&gt;  SUSPENDED
 *                                        v
 *                                   TERMINATED
 * </pre>
 *
 * <p>{@link #NEW} and {@link #TERMINATED} are facts: a process is NEW until it is started and, once TERMINATED,
 * stays so with a fixed {@link ExitStatus}. {@link #RUNNING}, {@link #BLOCKED} and {@link #SUSPENDED} are
 * observations of the operating system taken when {@link ChildProcess#state()} is called; the process may have
 * moved on by the time the caller looks at the answer.
 *
 * @since 0.1
 */
public enum ProcessState {
    /** Declared but not launched ({@code autoStart = false}); it has no pid and no exit status yet. */
    NEW,
    /** Launched, but the declared readiness condition has not been met yet. */
    STARTING,
    /** Alive, and at least one of its threads is runnable (or the operating system cannot tell). */
    RUNNING,
    /** Alive, and no thread of it is runnable: every thread sleeps or waits (Linux only; an observation). */
    BLOCKED,
    /** Stopped by {@link ChildProcess#suspend()} (SIGSTOP) until {@link ChildProcess#resume()}. */
    SUSPENDED,
    /** Exited; the exit status is known and never changes again. */
    TERMINATED;

    /**
     * Tells whether a process in this state is alive.
     *
     * @return {@code true} for {@link #STARTING}, {@link #RUNNING}, {@link #BLOCKED} and {@link #SUSPENDED}
     */
    public boolean isAlive() {
        return this != NEW && this != TERMINATED;
    }
}
