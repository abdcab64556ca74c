package dev.childproof.internal.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The full log of one process: every line of both streams in arrival order, each prefixed {@code [out] } or
 * {@code [err] }, the line's bytes copied as the child wrote them (no decoding, no string per line). Created
 * owner-readable only. Lines are queued by the drainers and written by a pooled writer thread
 * ({@code childproof-log-<process>} while it writes), so reading the pipe and writing the file overlap. A failure to
 * write is remembered and reported by {@link #failure()}, never thrown into the drainers: a child must never block
 * because its log cannot be written. Thread-safe.
 *
 * <p>The file is created by the first drainer to run, off the launching thread (a launch is on the hot path), and
 * at the latest when it is closed; a process never started leaves no file and no open descriptor behind.
 */
final class LogFile implements AutoCloseable {

    private static final byte[] OUT = "[out] ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERR = "[err] ".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 18;
    private static final FileAttribute<?> OWNER_ONLY = FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix") ? PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            : null;

    /** How many bytes of lines may wait for the writer before {@link #awaitRoom()} holds the drainer back. */
    static final int MAX_QUEUED = 8 << 20;
    /** How long a writer whose queue is empty waits for more before its thread goes back to the pool. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path path;
    private final String writerName;
    /** Guards the queue; the file and its buffer are guarded by this object's own lock. */
    private final Object queueLock = new Object();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** Whether a writer runs or is about to: at most one per file, so lines are written in queue order. */
    private boolean writing;
    /** Whether the writer holds lines it took from the queue and has not written yet. */
    private boolean busy;
    private boolean flushWanted;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    private FileChannel out;
    private boolean opened;
    private IOException failure;

    /**
     * A log file, not created yet.
     *
     * @param path where it goes
     * @param writerName the name of the writer thread while it writes this file
     */
    LogFile(Path path, String writerName) {
        this.path = path;
        this.writerName = writerName;
    }

    private record Queued(OutputLine.Stream stream, byte[] bytes, int length) {
    }

    /**
     * Creates the file, replacing an older one; until then, and for a process never started, there is none. One
     * {@code open(O_CREAT|O_EXCL)} in the common case; the directories are made, or an older file removed, only
     * when that open says so (a launch is on the hot path).
     */
    synchronized void open() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            try {
                out = createNew();
            } catch (NoSuchFileException e) {
                Files.createDirectories(path.getParent());
                out = createNew();
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(path);
                out = createNew();
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private FileChannel createNew() throws IOException {
        // CREATE_NEW: never follows a link planted at the path, and the permissions apply to a file made right now
        return OWNER_ONLY == null ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                : FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY);
    }

    Path path() {
        return path;
    }

    /**
     * Queues whole lines of one stream for the writer thread and returns at once: the drainer goes back to reading
     * while the lines are marked and written, so the two overlap. Callers queue in arrival order; see
     * {@link #awaitRoom()} for the bound.
     *
     * @param stream the stream they came from
     * @param bytes lines, each ending with {@code \n}; not changed afterwards
     * @param length how many bytes of {@code bytes} to write
     */
    void write(OutputLine.Stream stream, byte[] bytes, int length) {
        boolean start;
        synchronized (queueLock) {
            queue.addLast(new Queued(stream, bytes, length));
            queuedBytes += length;
            start = !writing;
            writing = true;
            queueLock.notifyAll();
        }
        if (start) {
            DrainerThreads.shared().drain(writerName, this::writeQueued);
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
     * The writer: writes what is queued, in order; when the queue is empty it flushes if asked to, and waits up to
     * {@link #LINGER_NANOS} for more before its thread goes back to the pool, so a steady flood keeps one writer
     * instead of handing each read to a thread anew.
     */
    private void writeQueued() {
        boolean done = false;
        try {
            done = writeUntilIdle();
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
    private boolean writeUntilIdle() {
        while (true) {
            Queued next;
            synchronized (queueLock) {
                busy = false;
                queueLock.notifyAll();
                long deadline = System.nanoTime() + LINGER_NANOS;
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
                flush();
                continue;
            }
            append(next.stream(), next.bytes(), next.length());
            synchronized (queueLock) {
                queuedBytes -= next.length();
            }
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
        flush();
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
        flush();
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

    /** Marks and appends whole lines of one stream; lines written after {@link #close()} are dropped. */
    private synchronized void append(OutputLine.Stream stream, byte[] bytes, int length) {
        open();
        if (out == null) {
            return;
        }
        byte[] mark = stream == OutputLine.Stream.STDOUT ? OUT : ERR;
        try {
            int from = 0;
            while (from < length) {
                int end = Newlines.indexOf(bytes, from, length) + 1;
                if (end == 0) {
                    end = length;
                }
                put(mark, 0, mark.length);
                put(bytes, from, end - from);
                from = end;
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void put(byte[] bytes, int from, int length) throws IOException {
        if (length > buffer.length - used) {
            drainBuffer();
            if (length > buffer.length) {
                writeFully(ByteBuffer.wrap(bytes, from, length));
                return;
            }
        }
        System.arraycopy(bytes, from, buffer, used, length);
        used += length;
    }

    private void drainBuffer() throws IOException {
        if (used > 0) {
            wrapped.clear().limit(used);
            writeFully(wrapped);
            used = 0;
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Hands what is buffered to the operating system, so readers of the file see it. */
    private synchronized void flush() {
        open();
        if (out == null) {
            return;
        }
        try {
            drainBuffer();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failure = e;
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing
        }
        out = null;
    }

    /** @return why the log is incomplete, or null when every line was written */
    synchronized IOException failure() {
        return failure;
    }

    /** Writes what is queued, then closes the file; lines arriving later are dropped. */
    @Override
    public void close() {
        flushAll();
        closeFile();
    }

    private synchronized void closeFile() {
        open();
        if (out != null) {
            try {
                drainBuffer();
                out.close();
            } catch (IOException e) {
                failure = e;
            }
            out = null;
        }
    }
}
