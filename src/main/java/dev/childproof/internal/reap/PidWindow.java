package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;

import java.time.Duration;

/**
 * Where a scope's sweep may start reading: a pid below every pid of the scope's processes and their descendants, taken
 * at its first launch. For a process spawned for the launch, its own pid less one: the system allocated its pid
 * first, and everything it forks later. For a pre-spawned launcher (spawned ahead, so older than pids allocated
 * since), the last pid the system had allocated at the launch ({@link OperatingSystem#lastCreatedPid()}, a read of
 * {@code /proc/loadavg}). Pids are allocated upwards and wrap at the system's maximum, so a reading above the last pid
 * at the sweep shows a wrap; a wrap all the way round does not show. So the reading is trusted only for
 * {@link #TRUSTED_FOR} after it was taken: wrapping all the way round in that time takes the system's whole pid range
 * (32,768 pids by default) in forks within a second. A later sweep reads every process, a few milliseconds once a
 * test that ran longer than a second.
 */
public final class PidWindow {

    /** How long after its opening a scope's reading is trusted. */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(1);

    private final long lastPid;
    private final long openedNanos;

    PidWindow(long lastPid, long openedNanos) {
        this.lastPid = lastPid;
        this.openedNanos = openedNanos;
    }

    /** The window of a launch by a pre-spawned launcher: the last pid allocated now, read. */
    public static PidWindow open(OperatingSystem os) {
        return new PidWindow(os.lastCreatedPid().orElse(-1), System.nanoTime());
    }

    /** The window of a process spawned for its launch, which has just returned it: from its own pid on. */
    public static PidWindow from(long spawnedPid) {
        return new PidWindow(spawnedPid - 1, System.nanoTime());
    }

    /**
     * This window without the pid it starts at, where that is the pid of a process the JDK has reaped (the
     * window's own process, {@link #from}): a sweep need not look at it, since the pid names no process of the scope
     * any more, and within the window's trusted time no other process can have been given it. Any other window is
     * returned as it is.
     *
     * @param reapedPid the pid of a process the JDK reported exited
     */
    public PidWindow pastReaped(long reapedPid) {
        return lastPid >= 0 && reapedPid == lastPid + 1 ? new PidWindow(reapedPid, openedNanos) : this;
    }

    /** The earlier of two windows: the one taken first, whose reading is the lower unless pids wrapped between. */
    public PidWindow earlier(PidWindow other) {
        return other.openedNanos - openedNanos < 0 ? other : this;
    }

    /** The reading for a sweep now, or -1 (read every process) when there is none or it is no longer trusted. */
    public long createdAfter() {
        return createdAfter(System.nanoTime());
    }

    long createdAfter(long nowNanos) {
        return nowNanos - openedNanos < TRUSTED_FOR.toNanos() ? lastPid : -1;
    }
}
