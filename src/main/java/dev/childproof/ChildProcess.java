package dev.childproof;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A handle on one child process declared with {@link SpawnedProcess} (or built by a {@code ProcessSpawner}).
 *
 * <p>Queries ({@link #state()}, {@link #isAlive()}, {@link #exitStatus()}, ...) are cheap, never wait for the process
 * and have no side effect, so they read naturally as method references inside Awaitility:
 * {@code await().until(worker::isBlocked)}. Methods that wait say so: they are named {@code join}, {@code await}
 * or {@code stop}, or take a {@link Duration}; {@link #sendLine(String)} waits while the child's input pipe is full.
 * A wait ends when the waiting thread is interrupted (a test's {@code @Timeout}, say), with an
 * {@link IllegalStateException} ({@link #start()}: a {@link ProcessNotReadyException}) and the thread's interrupt
 * flag set again; the cleanup after the test still ends the process. A negative {@link Duration} waits as zero, as
 * the JDK's own waits do; a null one is a {@link NullPointerException} naming the parameter.
 *
 * <p>A process is single use: once started it cannot be started again. All methods are thread-safe.
 *
 * @since 0.1
 */
public interface ChildProcess {

    /**
     * The name used in messages and logs: the declared {@code name}; else the field or parameter name for an
     * annotation, and for {@link ProcessSpawner} the main class's simple name or the executable's file name.
     *
     * @return the name
     */
    String name();

    /**
     * The operating system's process id.
     *
     * @return the pid
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}
     */
    long pid();

    /**
     * When the process was launched, as seen by the test JVM.
     *
     * @return the launch instant, or empty while {@link ProcessState#NEW}
     */
    Optional<Instant> startInstant();

    /**
     * Launches a process declared with {@code autoStart = false} and waits until it is ready (when readiness is
     * declared).
     *
     * @return this handle
     * @throws IllegalStateException when the process was already started, when the operating system could not
     *     launch it (the message names the command line and the reason, such as {@code Argument list too long}), or
     *     when the scope it was declared in has ended
     * @throws ProcessNotReadyException when it exits before it is ready, or is not ready within its timeout
     */
    ChildProcess start();

    /**
     * The current state. {@link ProcessState#RUNNING}, {@link ProcessState#BLOCKED} and
     * {@link ProcessState#SUSPENDED} are observations of the operating system at the moment of the call. On Linux
     * a process found runnable is looked at twice more, 1 ms apart, before it reads {@code RUNNING} (a waiting JVM's
     * threads wake now and then), so that answer takes about 2 ms; the others take one look.
     *
     * @return the state
     */
    ProcessState state();

    /**
     * Whether the process has been started and has not terminated.
     *
     * @return whether the process has been started and has not terminated
     */
    boolean isAlive();

    /**
     * Whether the state is {@link ProcessState#RUNNING} now (an observation).
     *
     * @return whether the state is {@link ProcessState#RUNNING} now (an observation)
     */
    default boolean isRunning() {
        return state() == ProcessState.RUNNING;
    }

    /**
     * Whether the state is {@link ProcessState#BLOCKED} now (an observation; Linux only).
     *
     * @return whether the state is {@link ProcessState#BLOCKED} now (an observation; Linux only)
     */
    default boolean isBlocked() {
        return state() == ProcessState.BLOCKED;
    }

    /**
     * Whether the state is {@link ProcessState#SUSPENDED} now (an observation; Linux only).
     *
     * @return whether the state is {@link ProcessState#SUSPENDED} now (an observation; Linux only)
     */
    default boolean isSuspended() {
        return state() == ProcessState.SUSPENDED;
    }

    /**
     * Whether the process has terminated; its exit status is then fixed.
     *
     * @return whether the process has terminated; its exit status is then fixed
     */
    default boolean isTerminated() {
        return state() == ProcessState.TERMINATED;
    }

    /**
     * Waits, without limit, until the process terminates, then until its output is read to the end: at once, or up
     * to 500 ms (once per process) while a descendant still holds its output open.
     *
     * @return the exit status
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or when the waiting thread is
     *     interrupted (its interrupt flag is set again)
     */
    ExitStatus join();

    /**
     * Waits up to {@code timeout} for the process to terminate.
     *
     * @param timeout the longest wait
     * @return the exit status, or empty when the process is still alive after the timeout
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or when the waiting thread is
     *     interrupted (its interrupt flag is set again)
     */
    Optional<ExitStatus> join(Duration timeout);

    /**
     * The exit status, once terminated.
     *
     * @return the exit status, or empty while the process is new or alive
     */
    Optional<ExitStatus> exitStatus();

    /**
     * The rung of the stop ladder that ended the process.
     *
     * @return the rung, or empty while the process is new or alive
     */
    Optional<StopRung> endedBy();

    /**
     * The stop event of this process (shared with other processes when declared with the same
     * {@code stopEvent} name). Setting it asks the process to stop, by its {@link StopMethod}.
     *
     * @return the stop event
     */
    StopEvent stopEvent();

    /**
     * Stops the process by the stop ladder, with the declared stop and kill timeouts (a {@link StopsWithin} deadline,
     * when one applies, in place of the stop timeout and counted from an earlier stop request, as at cleanup),
     * and waits until it and its
     * descendants are gone. When the process has exited already, the descendants it left are ended (SIGTERM, then
     * SIGKILL after the kill timeout): those in its cgroup, or, without one, those found under it while it lived;
     * the cleanup's sweeps find the rest. An interrupt of the waiting thread stops the climb where it is (it never
     * hurries the process on to SIGKILL): the process was asked to stop, and the cleanup ends it if it has not
     * exited by then.
     *
     * @return the exit status
     * @throws IllegalStateException when the process was never started, when the waiting thread is interrupted
     *     (its interrupt flag is set again), or when the system refused to signal the process or one of its tree (it
     *     runs as another user, as {@code sudo} makes it), which then outlives the test; the message names each
     */
    ExitStatus stop();

    /**
     * Stops the process by the stop ladder, waiting up to {@code stopTimeout} after the stop request before
     * forcing it; as {@link #stop()} otherwise.
     *
     * @param stopTimeout how long the process may take to stop on its own
     * @return the exit status
     * @throws IllegalStateException as for {@link #stop()}
     */
    ExitStatus stop(Duration stopTimeout);

    /**
     * Ends the process and all its descendants with SIGKILL at once, and waits until they are gone. An interrupt of
     * the waiting thread does not cut that wait short (a killed process is gone within milliseconds) and is set
     * again when it returns.
     *
     * @return the exit status
     * @throws IllegalStateException when the process was never started, or when the system refused to signal the
     *     process or one of its tree (it runs as another user), which then outlives the test
     */
    ExitStatus kill();

    /**
     * Sends a signal to the process (not its descendants). Does nothing once the process has terminated. Sent is
     * all that is guaranteed: what the process does with it is only observed.
     *
     * @param signal the signal
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or still running after the system
     *     refused the signal (the process runs as another user) or failed to send it (standard error says why)
     * @throws UnsupportedOperationException on Windows, for any signal but SIGTERM, SIGINT and SIGKILL (there is
     *     no other there); nothing is sent
     */
    void signal(Signal signal);

    /**
     * Stops the process with SIGSTOP; it stays {@link ProcessState#SUSPENDED} until {@link #resume()}. Does nothing
     * once the process has terminated. The cleanup resumes a suspended process before it asks it to stop.
     *
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or still running after the system
     *     refused the signal (the process runs as another user) or failed to send it (standard error says why)
     * @throws UnsupportedOperationException on Windows, which has no SIGSTOP; nothing is sent
     */
    void suspend();

    /**
     * Continues a suspended process with SIGCONT. Does nothing once the process has terminated.
     *
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or still running after the system
     *     refused the signal (the process runs as another user) or failed to send it (standard error says why)
     * @throws UnsupportedOperationException on Windows, which has no SIGCONT; nothing is sent
     */
    void resume();

    /**
     * What the process wrote, as kept in memory (the most recent part of each stream) and in its log file.
     *
     * @return the output
     */
    ProcessOutput output();

    /**
     * Waits until a line of output (either stream) contains a match of {@code pattern}; see
     * {@link ProcessOutput#awaitLine(Pattern, Duration)}.
     *
     * @param pattern the pattern a line must match ({@link java.util.regex.Matcher#find()})
     * @param timeout the longest wait
     * @return the first matching line
     * @throws AssertionError when the timeout passes or the process exits first, with the last lines seen
     * @throws IllegalArgumentException when the pattern cannot be matched against a line (one that backtracks per
     *     character, such as {@code (.|\\s)*x}, overflows the stack on a long line); the output goes on being read
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or when the waiting thread is
     *     interrupted
     */
    default String awaitLine(Pattern pattern, Duration timeout) {
        return output().awaitLine(pattern, timeout);
    }

    /**
     * Waits until a line of output (either stream) contains a match of the regular expression {@code regex}.
     *
     * @param regex the regular expression
     * @param timeout the longest wait
     * @return the first matching line
     * @throws AssertionError when the timeout passes or the process exits first, with the last lines seen
     * @throws IllegalArgumentException when the pattern cannot be matched against a line (one that backtracks per
     *     character, such as {@code (.|\\s)*x}, overflows the stack on a long line); the output goes on being read
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or when the waiting thread is
     *     interrupted
     */
    default String awaitLine(String regex, Duration timeout) {
        return awaitLine(Pattern.compile(Objects.requireNonNull(regex, "regex")), timeout);
    }

    /**
     * The process's standard input. Writes are flushed by the caller; closing it sends end-of-file.
     *
     * @return the standard input stream
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}
     */
    OutputStream stdin();

    /**
     * Writes one line (with a trailing newline; a line break inside it ends a line there too, so that
     * {@code sendLine("a\nb")} writes two) to the process's standard input and flushes it. It waits while the
     * pipe is full (64 KiB on Linux) until the child reads; the write runs on a thread of its own,
     * {@code childproof-stdin-<pid>}, so the wait can be interrupted, and that thread ends with the write, at the
     * latest when the child has died.
     *
     * @param line the line
     * @return this handle
     * @throws java.io.UncheckedIOException when the process no longer reads its input
     * @throws IllegalStateException when the process is {@link ProcessState#NEW}, or when the waiting thread is
     *     interrupted (its interrupt flag is set again)
     */
    ChildProcess sendLine(String line);

    /**
     * Everything that happened to the process, with times relative to its launch. Each time is when the extension
     * saw the event: an exit at once when a thread waits for it ({@link #join()}, {@link #stop()}, a stop request,
     * readiness, {@link #awaitLine}) or when the output ends with it; an exit that ends neither (a descendant still
     * holds the output) and that nothing waits for is timed when first noticed, by a query such as this one, or at
     * the end of the test.
     *
     * @return a snapshot of the timeline
     */
    Timeline timeline();
}
