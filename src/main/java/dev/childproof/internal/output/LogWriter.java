package dev.childproof.internal.output;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link LogFile}: the drainers queue whole reads, and the lines are marked and written in queue order. The
 * first {@link #INLINE_BYTES} of a log are written by the drainer that queued them, when no other write is under
 * way (handing a few reads to another thread costs more than writing them: two thread wake-ups a read, a third more
 * context switches and 2 % more CPU in the {@code seq 1 20000} cycle, BENCHMARKS.md, twenty-fifth session);
 * beyond that a pooled writer thread ({@code childproof-log-<process>} while it writes) takes them, so that for a
 * flood reading the pipe and writing the file overlap. At most {@link #MAX_QUEUED} bytes wait; beyond that the
 * drainer (and then the child) waits for the disk. Where no writer thread can be started (the JVM is at its process
 * or thread limit), the drainer that queued the lines writes them itself. Thread-safe.
 */
final class LogWriter implements AutoCloseable {

    /** How many bytes of lines may wait for the writer before {@link #awaitRoom()} holds the drainer back. */
    static final int MAX_QUEUED = 8 << 20;
    /** How long a writer whose queue is empty waits for more before its thread goes back to the pool. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How many bytes of a log its drainers write themselves before a writer thread takes over. */
    static final long INLINE_BYTES = 1 << 20;

    private final LogFile file;
    private final String writerName;
    private final DrainerThreads threads;
    private final long inlineBytes;
    /** Guards everything below. */
    private final Object queueLock = new Object();
    private final ArrayDeque<Segment> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** Whether a writer runs or is about to: at most one per file, so lines are written in queue order. */
    private boolean writing;
    /** Whether the writer holds lines it took from the queue, or a flush, and has not done it yet. */
    private boolean busy;
    private boolean flushWanted;
    /** How many bytes were queued since the log began. */
    private long queuedInAll;

    /**
     * The writer of a log file.
     *
     * @param file the file
     * @param writerName the name of the writer thread while it writes this file
     */
    LogWriter(LogFile file, String writerName) {
        this(file, writerName, DrainerThreads.shared(), INLINE_BYTES);
    }

    /**
     * The writer of a log file whose writer runs on the given threads (tests pass threads that cannot start), once
     * the drainers have written the first {@code inlineBytes} themselves.
     *
     * @param file the file
     * @param writerName the name of the writer thread while it writes this file
     * @param threads where the writer runs
     * @param inlineBytes how many bytes the drainers write themselves before a writer thread takes over
     */
    LogWriter(LogFile file, String writerName, DrainerThreads threads, long inlineBytes) {
        this.file = file;
        this.writerName = writerName;
        this.threads = threads;
        this.inlineBytes = inlineBytes;
    }

    /** The file it writes. */
    LogFile file() {
        return file;
    }

    /**
     * Queues whole lines of one stream and has them written: here, with whatever the other stream queued meanwhile,
     * while the log is within its first {@link #INLINE_BYTES} and no write is under way; else by the writer thread,
     * returning at once so that the drainer goes back to reading while the lines are marked and written. The segment
     * is {@link Segment#release() released} once written. Callers queue in arrival order; see {@link #awaitRoom()}
     * for the bound.
     *
     * @param segment the lines
     */
    void write(Segment segment) {
        boolean start;
        boolean here;
        synchronized (queueLock) {
            queue.addLast(segment);
            queuedBytes += segment.length();
            queuedInAll += segment.length();
            start = !writing;
            here = queuedInAll <= inlineBytes;
            writing = true;
            queueLock.notifyAll();
        }
        if (start && here) {
            writeQueued(0);
        } else if (start) {
            try {
                threads.drain(writerName, this::writeQueuedLingering);
            } catch (OutOfMemoryError e) {
                // no thread to be had ("unable to create native thread"): written here, or the queue would wait for
                // a writer that never comes, and so would every flush and the close (the cleanup hung on it)
                writeQueued(0);
            }
        }
    }

    /**
     * Waits while more than {@link #MAX_QUEUED} bytes wait for the writer, so a disk slower than the child slows
     * the drainer (and then the child) instead of growing the heap. Call it holding no other lock.
     */
    void awaitRoom() {
        synchronized (queueLock) {
            while (queuedBytes > MAX_QUEUED) {
                if (!waitQuietly()) {
                    return;
                }
            }
        }
    }

    /**
     * The writer thread's task: {@link #writeQueued(long)}, waiting up to {@link #LINGER_NANOS} for more before its
     * thread goes back to the pool, so a steady flood keeps one writer instead of handing each read to a thread anew.
     */
    private void writeQueuedLingering() {
        writeQueued(LINGER_NANOS);
    }

    /**
     * The writer: writes what is queued, in order; when the queue is empty it flushes if asked to, and waits up to
     * {@code lingerNanos} for more.
     */
    private void writeQueued(long lingerNanos) {
        boolean done = false;
        try {
            done = writeUntilIdle(lingerNanos);
        } finally {
            if (!done) {
                // something unexpected ended the writer: nobody may wait for it forever, and later lines are dropped
                synchronized (queueLock) {
                    queue.clear();
                    queuedBytes = 0;
                    busy = false;
                    writing = false;
                    queueLock.notifyAll();
                }
            }
        }
    }

    /** The writer's loop; true when it ended because there was nothing more to write. */
    private boolean writeUntilIdle(long lingerNanos) {
        while (true) {
            Segment next;
            synchronized (queueLock) {
                busy = false;
                queueLock.notifyAll();
                long deadline = System.nanoTime() + lingerNanos;
                while (queue.isEmpty() && !flushWanted) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !timedWaitQuietly(left)) {
                        writing = false;
                        return true;
                    }
                }
                next = queue.pollFirst();
                if (next == null) {
                    flushWanted = false; // the flush asked for is done below, the queue being empty
                }
                busy = true;
            }
            if (next == null) {
                file.flush();
                continue;
            }
            next.appendTo(file);
            synchronized (queueLock) {
                queuedBytes -= next.length();
            }
            next.release();
        }
    }

    /** Hands what is written to the operating system as soon as the queue is empty: at once when it is. */
    void flushSoon() {
        synchronized (queueLock) {
            if (busy || !queue.isEmpty()) {
                flushWanted = true;
                queueLock.notifyAll();
                return;
            }
        }
        file.flush();
    }

    /** Waits until every queued line is written, then hands them to the operating system. */
    void flushAll() {
        synchronized (queueLock) {
            while (busy || !queue.isEmpty()) {
                if (!waitQuietly()) {
                    break;
                }
            }
        }
        file.flush();
    }

    /** Waits on the queue's lock up to {@code nanos}; false when interrupted (the flag is set again). */
    private boolean timedWaitQuietly(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(queueLock, nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits on the queue's lock; false when interrupted (the flag is set again). */
    private boolean waitQuietly() {
        try {
            queueLock.wait();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes what is queued, then closes the file; lines arriving later are dropped. */
    @Override
    public void close() {
        flushAll();
        file.close();
    }
}
