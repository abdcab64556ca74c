package dev.childproof;

import dev.childproof.internal.child.ChildStopEvent;

import java.time.Duration;

/**
 * A request to stop, shared between a test and one or more child processes.
 *
 * <p>Parent side: {@link ChildProcess#stopEvent()}. {@link #set()} creates the stop file and then delivers the
 * request to every process sharing the event, each by its {@link StopMethod} (a signal, closing standard input,
 * a line; nothing more for {@link StopMethod#EVENT}). Processes declared with the same
 * {@link SpawnedProcess#stopEvent()} name share one event.
 *
 * <p>Child side: in a JVM launched by Childproof, {@link #current()}; in any other language, the event is set when
 * the file named by the environment variable {@code CHILDPROOF_STOP_FILE} exists (Python:
 * {@code os.path.exists(os.environ["CHILDPROOF_STOP_FILE"])}, shell: {@code [ -e "$CHILDPROOF_STOP_FILE" ]}). The file
 * lives in a directory only the test's user can enter, and is removed when the test's processes have been ended.
 * A {@code command} that watches the file needs {@code stopMethod = EVENT}: the default for commands, SIGTERM, ends
 * it before it looks.
 *
 * <p>Once set, an event stays set. All methods are thread-safe.
 *
 * @since 0.1
 */
public interface StopEvent {

    /**
     * Sets the event; idempotent. On the parent side it delivers the request to every process sharing the event. On
     * the child side it creates the stop file, which every process sharing the event sees, and so does the test's
     * side of it ({@link #isSet()}, and {@link #await()}, which looks for the file every 10 ms while it waits); the
     * parent's own deliveries (signals, standard input) do not run.
     *
     * @throws IllegalStateException on the parent side, when the stop file cannot be created (the run's private
     *     directory is not writable); the event is set and the other deliveries went out all the same
     * @throws java.io.UncheckedIOException on the child side, when the stop file cannot be created
     */
    void set();

    /**
     * Whether the event has been set (never blocks).
     *
     * @return whether the event has been set (never blocks)
     */
    boolean isSet();

    /**
     * Waits until the event is set.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void await() throws InterruptedException;

    /**
     * Waits up to {@code timeout} until the event is set.
     *
     * @param timeout the longest wait
     * @return whether the event is set
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * The stop event of the running process, for code running in a JVM launched by Childproof. Its waiters wake
     * through file-system notifications (inotify on Linux), without busy-waiting: observed, not guaranteed, a median
     * of about 0.5 to 1 ms from the parent's {@code set()} on Linux (0.52 ms in BENCHMARKS.md's latest run). Where
     * the operating system refuses a notification service (for instance when the per-user inotify limit is reached)
     * it checks the file every 10 ms instead.
     *
     * <p>The first call starts one daemon thread, {@code childproof-stop-watch}, which ends when the event is set
     * or the JVM exits, and a shutdown hook that releases the notification service before the JVM exits, so using
     * the event does not slow the process's exit (HotSpot otherwise waits about 300 ms at exit for a thread blocked in
     * native code). Later calls return the same instance.
     *
     * @return the event of this process
     * @throws IllegalStateException at once, never blocking, when this JVM was not launched by Childproof
     *     ({@code CHILDPROOF_STOP_FILE} is not set) or the test run that launched it has ended (the stop file's
     *     directory is gone)
     */
    static StopEvent current() {
        return ChildStopEvent.current();
    }
}
