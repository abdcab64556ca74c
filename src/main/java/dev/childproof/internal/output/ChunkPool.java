package dev.childproof.internal.output;

import java.util.ArrayDeque;

/**
 * Arrays of one size, taken back when their user is done with them and handed out again, within a bound. Two kinds:
 * <ul>
 * <li>the read buffers of one process's drainers ({@link #ChunkPool()}: {@link #SIZE} bytes, at most {@link #KEPT}),
 * taken back once nothing holds their lines any more (see {@link Segment#release()}) and {@link #close() closed}
 * when the process's streams have ended: a flooding child otherwise costs the test JVM a new 64 KiB array for every
 * read, allocated outside the thread's allocation buffer, zeroed, then collected: a fifth of the test JVM's CPU time
 * for a flood (BENCHMARKS.md);</li>
 * <li>the full-size buffers of the JVM's log files ({@link LogFile}), given back when a log closes: a process whose
 * log grows to full size otherwise costs 336 KiB of new, zeroed arrays (BENCHMARKS.md, twenty-fifth session).</li>
 * </ul>
 * A user that writes little never fills a pool. Thread-safe.
 */
final class ChunkPool {

    /** The size of a drainer's read buffer, the arrays of {@link #ChunkPool()}. */
    static final int SIZE = 1 << 16;
    /** How many read buffers {@link #ChunkPool()} keeps at most. */
    static final int KEPT = 8;

    private final int size;
    private final int kept;
    /** Guarded by itself. */
    private final ArrayDeque<byte[]> free;
    /** Guarded by {@link #free}: whether arrays are no longer kept. */
    private boolean closed;

    /** The read buffers of one process's drainers. */
    ChunkPool() {
        this(SIZE, KEPT);
    }

    /**
     * A pool of arrays of {@code size} bytes that keeps at most {@code kept} of them.
     *
     * @param size the size of the arrays it keeps
     * @param kept how many it keeps at most
     */
    ChunkPool(int size, int kept) {
        this.size = size;
        this.kept = kept;
        this.free = new ArrayDeque<>(kept);
    }

    /** An array of the pool's size: one given back, or a new one. Its contents are whatever they were. */
    byte[] take() {
        byte[] chunk = takeKept();
        return chunk != null ? chunk : new byte[size];
    }

    /** An array of the pool's size given back, or null when none is kept. Its contents are whatever they were. */
    byte[] takeKept() {
        synchronized (free) {
            return free.pollLast();
        }
    }

    /** Takes back an array nothing else refers to; one of another size, or one too many, is left to the collector. */
    void give(byte[] chunk) {
        if (chunk.length == size) {
            synchronized (free) {
                if (!closed && free.size() < kept) {
                    free.addLast(chunk);
                }
            }
        }
    }

    /** How many arrays are kept now. */
    int kept() {
        synchronized (free) {
            return free.size();
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
