package dev.childproof.internal.process;

import dev.childproof.Signal;
import dev.childproof.internal.os.OperatingSystem;

import java.time.Duration;
import java.util.Objects;

/**
 * Sends the signals a test asks for ({@code signal}, {@code suspend()}, {@code resume()}) to one process: checks that
 * it was started and that this system can send the signal, marks each on its timeline, and fails when the system did
 * not send it to a process still running. Remembers whether the test stopped the process, for the stop request's
 * resume ({@link #continued}).
 */
final class SignalCalls {

    /** How long a process whose signal was not sent may take to be seen as exited before the test is told. */
    private static final Duration SIGNAL_RACE = Duration.ofMillis(100);

    private final ManagedProcess handle;
    private final OperatingSystem os;
    private final ProcessTimeline timeline;
    /**
     * Whether the test sent SIGSTOP ({@code suspend()}, or {@code signal} of a stop signal) and no SIGCONT since: the
     * process is, or is about to be, stopped, though /proc may not say so yet (the signal takes effect when the
     * process is next scheduled) and other OSes do not show it at all.
     */
    private volatile boolean stopSignalSent;

    /**
     * @param handle the process the signals go to
     * @param os the operating system
     * @param timeline where each signal is marked
     */
    SignalCalls(ManagedProcess handle, OperatingSystem os, ProcessTimeline timeline) {
        this.handle = handle;
        this.os = os;
        this.timeline = timeline;
    }

    /** As {@link ManagedProcess#signal(Signal)}. */
    void signal(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        handle.requireStarted("signal(" + signal + ")");
        requireSendable("signal(" + signal + ")", signal.shortName());
        if (handle.hasExited()) {
            return;
        }
        timeline.record(signal + " sent");
        if (signal == Signal.SIGSTOP || signal == Signal.SIGTSTP || signal == Signal.SIGTTIN
                || signal == Signal.SIGTTOU) { // each stops a process that does not handle it
            stopSignalSent = true;
        } else if (signal == Signal.SIGCONT) {
            stopSignalSent = false;
        }
        send("signal(" + signal + ")", signal.shortName());
    }

    /**
     * Sends a signal the test asked for, and fails when the system did not send it to a process still running: the
     * test would otherwise wait for what the signal was to bring about.
     */
    private void send(String call, String signalName) {
        requireSent(call, StopDelivery.signalChild(handle.jdkProcess(), os, signalName));
    }

    private void requireSent(String call, boolean sent) {
        // not failed for a process the JDK reaped just then, whose exit it had yet to record when the signal found
        // no process
        if (!sent && !handle.awaitExit(SIGNAL_RACE)) {
            throw new IllegalStateException(call + " was not sent to process [" + handle.name() + "], pid "
                    + handle.jdkProcess().pid() + ": the system refused it (the process runs as another user, as sudo,"
                    + " su or another setuid program makes it) or failed to send it (standard error says why); launch"
                    + " it so that it stays this user's, or send it again.");
        }
    }

    /** Fails a call whose signal this system cannot send (Windows: any but SIGTERM, SIGINT and SIGKILL). */
    private void requireSendable(String call, String signalName) {
        if (!os.canSend(signalName)) {
            throw new UnsupportedOperationException(call + " on process [" + handle.name() + "] needs SIG" + signalName
                    + ", which Windows cannot send; there a process can only be terminated (stop(), SIGTERM, SIGINT)"
                    + " or killed (kill(), SIGKILL).");
        }
    }

    /** As {@link ManagedProcess#suspend()}. */
    void suspend() {
        handle.requireStarted("suspend()");
        requireSendable("suspend()", "STOP");
        if (!handle.hasExited()) {
            timeline.record("suspended");
            stopSignalSent = true;
            send("suspend()", "STOP");
        }
    }

    /** As {@link ManagedProcess#resume()}. */
    void resume() {
        handle.requireStarted("resume()");
        requireSendable("resume()", "CONT");
        if (!handle.hasExited()) {
            requireSent("resume()", continued(handle.jdkProcess()));
        }
    }

    /**
     * Resumes a stopped process with SIGCONT, as {@link #resume()} and the stop request do (the latter never fails:
     * a process the system will not signal is the ladder's to report, after its last rung).
     *
     * @return whether SIGCONT was sent
     */
    boolean continued(Process p) {
        timeline.record("resumed");
        stopSignalSent = false;
        return StopDelivery.signalChild(p, os, "CONT");
    }

    /** @return whether the test sent SIGSTOP and no SIGCONT since */
    boolean stopSignalSent() {
        return stopSignalSent;
    }
}
