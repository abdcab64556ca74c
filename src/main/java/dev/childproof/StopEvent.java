package dev.childproof;

import dev.childproof.internal.child.ChildStopEvent;

import java.time.Duration;

/**
 * A request to stop, shared between a test and one or more child processes.
 *
 * <p>Parent side: {@link ChildProcess#stopEvent()}; {@link #set()} delivers the request to every process sharing
 * the event, each by its {@link StopMethod}. Child side, in a JVM launched by Childproof: {@link #current()};
 * any other language checks whether the file named by the environment variable {@code CHILDPROOF_STOP_FILE}
 * exists.
 *
 * <p>Once set, an event stays set. All methods are thread-safe.
 *
 * @since 0.1
 */
public interface StopEvent {

    /** Sets the event; idempotent. */
    void set();

    /** @return whether the event has been set (never blocks) */
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
     * The stop event of the running process, for code running in a JVM launched by Childproof. It wakes waiters
     * promptly (through file-system notifications, without busy-waiting) and releases everything it holds before
     * the JVM exits, so using it does not slow the process's exit.
     *
     * @return the event of this process
     * @throws IllegalStateException when this JVM was not launched by Childproof ({@code CHILDPROOF_STOP_FILE} is
     *     not set)
     */
    static StopEvent current() {
        return ChildStopEvent.current();
    }
}
