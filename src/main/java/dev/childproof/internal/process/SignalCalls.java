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
     * Orders the test's stop signals against the stop request's SIGCONT: each is marked and sent under it, so that a
     * SIGCONT is never sent between a suspend's mark and its SIGSTOP (the SIGSTOP would land after it, and the process
     * stay stopped with its stop request pending while its timeline says it was resumed). Held only while a signal is
     * sent, never while waiting for a process.
     */
    private final Object order = new Object();

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
        // each of the first four stops a process that does not handle it
        Boolean stops = signal == Signal.SIGSTOP || signal == Signal.SIGTSTP || signal == Signal.SIGTTIN
                || signal == Signal.SIGTTOU ? Boolean.TRUE : signal == Signal.SIGCONT ? Boolean.FALSE : null;
        requireSent("signal(" + signal + ")", markAndSend(handle.jdkProcess(), signal + " sent", stops,
                signal.shortName()));
    }

    /**
     * Marks a signal on the timeline, notes whether it leaves the process stopped, and sends it: under one lock, so
     * that a SIGCONT is never sent between a stop signal's mark and the signal.
     *
     * @param stops whether the process is stopped after it, or null when the signal does not change that
     * @return whether it was sent
     */
    private boolean markAndSend(Process p, String mark, Boolean stops, String signalName) {
        synchronized (order) {
            timeline.record(mark);
            if (stops != null) {
                stopSignalSent = stops;
            }
            return StopDelivery.signalChild(p, os, signalName);
        }
    }

    /**
     * Fails a signal the test asked for when the system did not send it to a process still running: the test would
     * otherwise wait for what the signal was to bring about.
     */
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
            requireSent("suspend()", markAndSend(handle.jdkProcess(), "suspended", true, "STOP"));
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
    private boolean continued(Process p) {
        return markAndSend(p, "resumed", false, "CONT");
    }

    /**
     * The stop request's resume: SIGCONT when the test stopped the process (whenever it did, and though /proc may not
     * show it stopped yet: a suspend still sending its SIGSTOP is waited for, so that the SIGCONT comes after it), or,
     * when asked to look, when the process reads as stopped.
     *
     * @param p the launched process
     * @param look whether to read /proc for a stop the test did not send (the ladder's look, a while after its
     *     request: {@code StopLadder.LOOK_FOR_STOPPED_AFTER})
     */
    void resumeForStop(Process p, boolean look) {
        if (!look && !stopSignalSent) {
            return;
        }
        synchronized (order) {
            if (!handle.hasExited() && (stopSignalSent || look && os.isSuspended(p.pid()))) {
                continued(p);
            }
        }
    }
}
