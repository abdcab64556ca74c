package dev.childproof.internal.output;

import java.util.ArrayDeque;

/**
 * The read buffers of one process's drainers, taken back once nothing holds their lines any more (see
 * {@link Segment#release()}). A flooding child otherwise costs the test JVM a new 64 KiB array for every read:
 * allocated outside the thread's allocation buffer, zeroed, then collected: a fifth of the test JVM's CPU time
 * for a flood (BENCHMARKS.md). Keeps at most {@link #KEPT} arrays, and none once {@link #close() closed} (when the
 * process's streams have ended); a process that writes little never fills it. Thread-safe.
 */
final class ChunkPool {

    /** The size of the arrays it keeps: a drainer's full read buffer. */
    static final int SIZE = 1 << 16;
    /** How many arrays it keeps at most. */
    static final int KEPT = 8;

    /** Guarded by itself. */
    private final ArrayDeque<byte[]> free = new ArrayDeque<>(KEPT);
    /** Guarded by {@link #free}: whether arrays are no longer kept. */
    private boolean closed;

    /** An array of {@link #SIZE} bytes: one given back, or a new one. Its contents are whatever they were. */
    byte[] take() {
        byte[] chunk;
        synchronized (free) {
            chunk = free.pollLast();
        }
        return chunk != null ? chunk : new byte[SIZE];
    }

    /** Takes back an array nothing else refers to; one of another size, or one too many, is left to the collector. */
    void give(byte[] chunk) {
        if (chunk.length == SIZE) {
            synchronized (free) {
                if (!closed && free.size() < KEPT) {
                    free.addLast(chunk);
                }
            }
        }
    }

    /** Lets the kept arrays go, and keeps none from now on: nothing will read into them again. */
    void close() {
        synchronized (free) {
            closed = true;
            free.clear();
        }
    }
}
