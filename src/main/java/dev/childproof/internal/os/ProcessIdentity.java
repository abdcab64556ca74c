package dev.childproof.internal.os;

import java.util.Optional;

/**
 * Who a process is: its pid and its start time, since pids are reused. A signal goes to a pid only while the
 * process there still has the recorded start time.
 *
 * @param pid the process id
 * @param startTime the start-time token of {@link OperatingSystem#startTime(long)}
 */
public record ProcessIdentity(long pid, long startTime) {

    /** The identity of the live process with this pid, or empty when there is none. */
    public static Optional<ProcessIdentity> of(OperatingSystem os, long pid) {
        var start = os.startTime(pid);
        return start.isPresent() ? Optional.of(new ProcessIdentity(pid, start.getAsLong())) : Optional.empty();
    }

    /**
     * Whether this very process may still run: false once it is known to have ended (a zombie counts as ended) or
     * its pid to name another process; true while the system cannot tell (see {@link OperatingSystem#hasEnded}), so
     * that a wait for it goes on rather than taking it for gone.
     */
    public boolean isAlive(OperatingSystem os) {
        return !os.hasEnded(pid, startTime);
    }

    /**
     * Sends a signal when, and only when, the process at the pid is known to be this one still (never while the
     * system cannot tell: the pid may have been reused).
     */
    public boolean signal(OperatingSystem os, String signalName) {
        return isKnownRunning(os) && os.signal(pid, signalName);
    }

    /** Whether the process at the pid is known to be this one, still running (not while the system cannot tell). */
    public boolean isKnownRunning(OperatingSystem os) {
        return os.isRunning(pid, startTime);
    }

    /**
     * Written out, as {@link #hashCode()} is: a record's own go through {@code ObjectMethods}' method handles, whose
     * linking at the first call makes some 600 method types and which run interpreted for the first few hundred
     * tests, while every launch and cleanup hashes identities (BENCHMARKS.md, twenty-fifth session).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ProcessIdentity that && that.pid == pid && that.startTime == startTime;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(pid) + Long.hashCode(startTime);
    }
}
