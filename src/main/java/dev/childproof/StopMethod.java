package dev.childproof;

/**
 * How setting a process's {@link StopEvent} reaches the process.
 *
 * @since 0.1
 */
public enum StopMethod {
    /** {@link #EVENT} for {@code main} targets, {@link #SIGTERM} for {@code command} targets. */
    DEFAULT,
    /**
     * The stop event's file is created; the child notices it through {@link StopEvent#current()} (Java) or by
     * checking that the file named by {@code CHILDPROOF_STOP_FILE} exists (any language). The default for
     * {@code main} targets.
     */
    EVENT,
    /** SIGTERM is sent to the process (not its descendants). The default for {@code command} targets. */
    SIGTERM,
    /**
     * SIGINT is sent to the process (not its descendants). Unlike Ctrl-C in a terminal, which interrupts the whole
     * foreground process group, a shell that waits for a command ({@code bash -c "server; cleanup"}) gets it alone
     * and waits for that command to end before it acts on it, so the ladder goes on to SIGTERM.
     */
    SIGINT,
    /** The process's standard input is closed, so its next read sees end-of-file. */
    CLOSE_STDIN,
    /** A line ({@code stopLine}, default {@code "stop"}) is written to the process's standard input. */
    STDIN_LINE
}
