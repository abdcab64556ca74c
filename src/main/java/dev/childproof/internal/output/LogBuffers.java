package dev.childproof.internal.output;

import java.util.ArrayDeque;

/**
 * The full-size buffers of closed log files, kept for the next logs that write: a process whose log grows to
 * {@link #SIZE} otherwise costs the test JVM 336 KiB of new, zeroed arrays (16, 64, then 256 KiB), collected once
 * its log closes (BENCHMARKS.md, twenty-fifth session). Keeps at most {@link #KEPT} of them (1 MiB); the logs of a
 * JVM share {@link #SHARED}, and a suite of quiet processes never fills it. Thread-safe.
 */
final class LogBuffers {

    /** The size of the buffers it keeps: a log's largest. */
    static final int SIZE = 1 << 18;
    /** How many buffers it keeps at most. */
    static final int KEPT = 4;
    /** The buffers every log of this JVM takes from and gives back to. */
    static final LogBuffers SHARED = new LogBuffers();

    /** Guarded by itself. */
    private final ArrayDeque<byte[]> free = new ArrayDeque<>(KEPT);

    /**
     * A buffer of {@link #SIZE} bytes given back by a closed log, or null when none is kept. Its contents are
     * whatever that log left: only what is written into it again is ever read.
     */
    byte[] take() {
        synchronized (free) {
            return free.pollLast();
        }
    }

    /** Takes back a buffer its log no longer uses; one of another size, or one too many, is left to the collector. */
    void give(byte[] buffer) {
        if (buffer.length == SIZE) {
            synchronized (free) {
                if (free.size() < KEPT) {
                    free.addLast(buffer);
                }
            }
        }
    }

    /** How many buffers are kept now. */
    int kept() {
        synchronized (free) {
            return free.size();
        }
    }
}
