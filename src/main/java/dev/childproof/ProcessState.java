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
    /**
     * Alive, and at least one of its threads stayed runnable through the observation; also the answer when the
     * operating system cannot tell (macOS, Windows).
     */
    RUNNING,
    /**
     * Alive, and at some moment of the observation no thread of it was runnable: every thread slept or waited
     * (on input, a lock, a timer). Linux only, read from {@code /proc/<pid>/task/*}{@code /stat}.
     *
     * <p>An observation, not a promise. An idle JVM still wakes its own service threads (GC, JIT compiler, the VM
     * periodic task) for moments now and then, and on a busy machine they may stay runnable for milliseconds
     * waiting for a CPU: one raw reading of a JVM whose main thread waits in {@code System.in.read()} finds a
     * runnable thread in 1 to 10 cases in a hundred. So HotSpot's service threads, known by name, are not
     * counted, and a process counts as RUNNING only when each of a few readings about a millisecond apart finds a
     * runnable thread. A process that waits reads BLOCKED, one that keeps a thread busy reads RUNNING, and one
     * that is busy part of the time may read either. Poll for it (Awaitility's
     * {@code await().until(worker::isBlocked)}) rather than asserting it once.
     */
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
