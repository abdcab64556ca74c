package dev.childproof;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.SignalTable;

import java.util.Objects;
import java.util.Optional;

/**
 * How a process ended: the raw exit code the operating system reported and, where it says so, the signal that
 * ended the process.
 *
 * <p>On POSIX systems a process ended by signal N is reported by Java as exit code 128+N; this class keeps the
 * raw code ({@link #code()}) and decodes the signal by that convention ({@link #signal()}), using the signal
 * numbers of the running operating system. A process that itself calls {@code exit(143)} cannot be told apart
 * from one killed by SIGTERM; both read {@code killed by SIGTERM (exit code 143)}. A code that would name a signal
 * no process dies of (SIGCHLD, SIGCONT, the stop signals, SIGURG, SIGWINCH) is an exit code of its own:
 * {@code exited with code 147}, not SIGSTOP.
 *
 * <p>Instances are immutable values.
 *
 * @since 0.1
 */
public final class ExitStatus {

    private final int code;
    private final Signal signal;

    private ExitStatus(int code, Signal signal) {
        this.code = code;
        this.signal = signal;
    }

    /**
     * Decodes a raw exit code by the convention of the running operating system.
     *
     * @param code the exit code as {@link Process#exitValue()} reports it
     * @return the exit status
     */
    public static ExitStatus of(int code) {
        return decode(code, OperatingSystem.current().isPosix(), SignalTable.current());
    }

    /**
     * Decodes by the convention of a given system: 128+N means signal N of {@code table} on POSIX systems, unless
     * signal N never ends a process (it stops, continues or is ignored by default, and a handler does not exit).
     */
    static ExitStatus decode(int code, boolean posix, SignalTable table) {
        Signal signal = null;
        if (posix && code > 128 && code < 128 + 64) {
            signal = Signal.ofNumber(code - 128, table).filter(ExitStatus::canEndAProcess).orElse(null);
        }
        return new ExitStatus(code, signal);
    }

    private static boolean canEndAProcess(Signal signal) {
        switch (signal) {
            case SIGCHLD: case SIGCONT: case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: case SIGURG:
            case SIGWINCH:
                return false;
            default:
                return true;
        }
    }

    /**
     * The raw exit code, such as {@code 0}, {@code 3} or {@code 137}.
     *
     * @return the exit code
     */
    public int code() {
        return code;
    }

    /**
     * The signal that ended the process, decoded from the exit code.
     *
     * @return the signal, or empty when the process exited with a code of its own
     */
    public Optional<Signal> signal() {
        return Optional.ofNullable(signal);
    }

    /**
     * Tells whether the process exited with code 0.
     *
     * @return {@code true} for exit code 0
     */
    public boolean isSuccess() {
        return code == 0;
    }

    /**
     * Tells whether the process was ended by the given signal.
     *
     * @param expected the signal
     * @return {@code true} when the decoded signal is {@code expected}
     */
    public boolean wasKilledBy(Signal expected) {
        return signal == expected;
    }

    /**
     * A sentence for humans: {@code exited with code 3} or {@code killed by SIGKILL (exit code 137)}.
     */
    @Override
    public String toString() {
        return signal == null
                ? "exited with code " + code
                : "killed by " + signal + " (exit code " + code + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExitStatus && ((ExitStatus) other).code == code;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(code);
    }
}
