package dev.childproof;

/**
 * A process declared with a readiness condition ({@link SpawnedProcess#readyWhen()},
 * {@link SpawnedProcess#readyOnPort()}, {@link SpawnedProcess#readyFile()}) did not become ready: it exited
 * first, or {@link SpawnedProcess#readyTimeout()} passed. Raised as soon as the cause is known; an exit is noticed
 * when it happens, not at the timeout.
 *
 * <p>The message is one sentence naming the process, how it ended or that it is still running, and the conditions
 * not met, followed by its last lines of output and the path of its full log.
 *
 * <p>When the extension launches the process, this fails the test (or, for a static field, the test class) before
 * its {@code @BeforeEach} (or {@code @BeforeAll}) methods run; {@link ChildProcess#start()} throws it to its caller.
 * Either way the process is still ended by the normal cleanup.
 *
 * @since 0.1
 */
public final class ProcessNotReadyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Created by Childproof.
     *
     * @param message the whole message
     * @param cause what interrupted the wait, or null
     */
    public ProcessNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
