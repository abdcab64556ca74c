package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;

import java.time.Duration;

/**
 * Where a scope's sweep may start reading: the last pid the system had allocated when the scope opened
 * ({@link OperatingSystem#lastCreatedPid()}). Pids are allocated upwards and wrap at the system's maximum, so a
 * reading above the last pid at the sweep shows a wrap; a wrap all the way round does not show. So the reading is
 * trusted only for a scope younger than {@link #TRUSTED_FOR}: wrapping all the way round in that time takes the
 * system's whole pid range (32,768 pids by default) in forks within a second. An older scope's sweep reads every
 * process, a few milliseconds once a test that ran longer than a second.
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

    /** Reads the last pid allocated now. */
    public static PidWindow open(OperatingSystem os) {
        return new PidWindow(os.lastCreatedPid().orElse(-1), System.nanoTime());
    }

    /** The reading for a sweep now, or -1 (read every process) when there is none or it is no longer trusted. */
    public long createdAfter() {
        return createdAfter(System.nanoTime());
    }

    long createdAfter(long nowNanos) {
        return nowNanos - openedNanos < TRUSTED_FOR.toNanos() ? lastPid : -1;
    }
}
