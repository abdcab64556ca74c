package dev.childproof.internal.output;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.OwnerOnly;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

/**
 * The full log of one process: every line of both streams in arrival order, each prefixed {@code [out] } or
 * {@code [err] }, the line's bytes copied as the child wrote them (no decoding, no string per line). Created
 * owner-readable only. Written by its {@link LogWriter}'s thread. A failure to write is remembered and reported by
 * {@link #failure()} (and, the first in a JVM, by {@link LogFailureWarning}), never thrown: a child must never
 * block because its log cannot be written. Thread-safe.
 *
 * <p>The file is created by the first drainer whose first read returned output, off the launching thread (a launch is
 * on the hot path) and after the drainers are reading. A process that writes nothing gets no file: when its log is
 * closed, an older run's file at the path is removed instead, so that no stale log stands for this run's (the empty
 * file it had before cost a {@code stat}, an {@code open} and, in a rerun, an {@code unlink} on the path its
 * scope's end waits for: BENCHMARKS.md, twenty-second session). A process never started leaves no file and no open
 * descriptor behind.
 */
final class LogFile implements AutoCloseable {

    private static final byte[] OUT = "[out] ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERR = "[err] ".getBytes(StandardCharsets.US_ASCII);
    /** The marks as the low six bytes of a word ({@link Newlines#word}), written eight bytes at a time. */
    private static final long OUT_WORD = Newlines.word(Arrays.copyOf(OUT, Long.BYTES), 0);
    private static final long ERR_WORD = Newlines.word(Arrays.copyOf(ERR, Long.BYTES), 0);
    /** What a line is copied ahead of its end: two words. */
    private static final int SLACK = 2 * Long.BYTES;
    /** How far into a line the copy goes two words at a time before it looks for the end and copies the rest whole. */
    private static final int WORDWISE = 64;
    /**
     * The buffer's size once a process writes a lot; it starts at {@link #FIRST_BUFFER} and grows fourfold, or takes
     * one of this size a closed log gave back ({@link #FULL_BUFFERS}).
     */
    static final int BUFFER = 1 << 18;
    private static final int FIRST_BUFFER = 1 << 14;
    /** The full-size buffers closed logs gave back, for the next logs of this JVM that write (1 MiB at most). */
    static final ChunkPool FULL_BUFFERS = new ChunkPool(BUFFER, 4);
    private static final byte[] NONE = new byte[0];

    private final Path path;
    private final ChunkPool buffers;
    /** Made at the first line (most processes in a suite write little or nothing; 256 KiB each added up). */
    private byte[] buffer = NONE;
    private int used;
    private ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    private FileChannel out;
    private boolean opened;
    /** Whether the file was made (it may have been removed since, by someone else). */
    private boolean made;
    private IOException failure;

    /** A log file, not created yet. */
    LogFile(Path path) {
        this(path, FULL_BUFFERS);
    }

    /** A log file, not created yet, whose full-size buffer comes from and goes back to {@code buffers}. */
    LogFile(Path path, ChunkPool buffers) {
        this.path = path;
        this.buffers = buffers;
    }

    /**
     * Creates the file, replacing an older one; until then, and for a process never started, there is none. The
     * directory and an older file are looked for first: the first process of a test finds no directory, a rerun
     * finds the last run's file, and an {@code open(O_CREAT|O_EXCL)} failing for either throws an exception whose
     * stack trace costs several times the two {@code stat}s (BENCHMARKS.md). The open still handles both, for a
     * file or directory that appears or goes in between.
     */
    synchronized void open() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            File parent = path.toFile().getParentFile();
            if (parent != null && !parent.isDirectory()) {
                Files.createDirectories(parent.toPath());
            } else {
                removeOlder();
            }
            try {
                out = createNew();
            } catch (NoSuchFileException e) {
                Files.createDirectories(path.getParent());
                out = createNew();
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(path);
                out = createNew();
            }
            made = true;
        } catch (IOException e) {
            failed(e);
        }
    }

    /**
     * Removes an older run's file at the path, looked for first: for a path where there is none, the usual case,
     * {@code Files.deleteIfExists} alone has the JDK make an exception in native code (some 50 µs of a test's CPU in
     * the 500-test suite, against a {@code stat}: BENCHMARKS.md, twenty-third session).
     */
    private void removeOlder() throws IOException {
        if (path.toFile().exists()) {
            Files.deleteIfExists(path);
        }
    }

    /** Remembers the first failure and warns once per JVM ({@link LogFailureWarning}). */
    private void failed(IOException e) {
        if (failure == null) {
            failure = e;
            LogFailureWarning.warn(path, e);
        }
    }

    /**
     * Creates the file. Guarded ({@link OperatingSystem#openGuarded}): in a test JVM that has used up its
     * descriptors, a drainer that took the one just lent to another process's stop would hold it, and cost that
     * process its graceful stop, for as long as the log is open.
     */
    private FileChannel createNew() throws IOException {
        // CREATE_NEW: never follows a link planted at the path, and the permissions apply to a file made right now
        return OperatingSystem.current().openGuarded(() -> FileChannel.open(path,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.FILE));
    }

    Path path() {
        return path;
    }

    /**
     * Marks and appends whole lines of one stream; lines written after {@link #close()} are dropped.
     *
     * @param stream the stream they came from
     * @param bytes lines, each ending with {@code \n}
     * @param length how many bytes of {@code bytes} to write
     */
    synchronized void append(OutputLine.Stream stream, byte[] bytes, int length) {
        open();
        if (out == null) {
            return;
        }
        boolean stdout = stream == OutputLine.Stream.STDOUT;
        try {
            int from = 0;
            while (from < length) {
                if (!fits(length - from)) {
                    makeRoom();
                }
                if (fits(length - from)) {
                    Newlines.putWord(buffer, used, stdout ? OUT_WORD : ERR_WORD);
                    used += OUT.length;
                    from = copyLine(bytes, from, length);
                } else {
                    // the rest of the read is longer than the buffer: this line the plain way
                    int end = Newlines.indexOf(bytes, from, length) + 1;
                    if (end == 0) {
                        end = length;
                    }
                    put(stdout ? OUT : ERR, 0, OUT.length);
                    put(bytes, from, end - from);
                    from = end;
                }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Whether a mark and the next line of a read with {@code rest} bytes left fit, whatever that line's length. */
    private boolean fits(int rest) {
        return buffer.length - used >= OUT.length + SLACK + rest;
    }

    /**
     * Copies one line, through its {@code \n} (or to {@code to}), to the buffer, which has room for the rest of the
     * read and {@link #SLACK}: two words at a time, each copied and searched for the newline in the same pass, so
     * a short line costs a few word moves instead of a search and a copy call; a line longer than
     * {@link #WORDWISE} bytes has its end searched for and the rest copied whole. Every line of a flood passes here
     * (BENCHMARKS.md).
     *
     * @return where the next line begins
     */
    private int copyLine(byte[] bytes, int from, int to) {
        byte[] into = buffer;
        int at = used;
        int i = from;
        while (i + SLACK <= to) {
            long first = Newlines.word(bytes, i);
            long second = Newlines.word(bytes, i + Long.BYTES);
            Newlines.putWord(into, at, first);
            Newlines.putWord(into, at + Long.BYTES, second);
            int newline = Newlines.firstIn(first);
            if (newline == Long.BYTES) {
                newline += Newlines.firstIn(second);
            }
            if (newline < SLACK) {
                used = at + newline + 1;
                return i + newline + 1;
            }
            i += SLACK;
            at += SLACK;
            if (i - from >= WORDWISE) {
                int end = Newlines.indexOf(bytes, i, to) + 1;
                if (end == 0) {
                    end = to;
                }
                System.arraycopy(bytes, i, into, at, end - i);
                used = at + end - i;
                return end;
            }
        }
        while (i < to) {
            byte b = bytes[i++];
            into[at++] = b;
            if (b == '\n') {
                break;
            }
        }
        used = at;
        return i;
    }

    /**
     * Writes out what is buffered and grows the buffer, for a process that writes: to a full-size one a closed log
     * gave back when there is one, else fourfold, up to {@link #BUFFER}.
     */
    private void makeRoom() throws IOException {
        drainBuffer();
        if (buffer.length < BUFFER) {
            byte[] kept = buffers.takeKept();
            buffer = kept != null ? kept : new byte[buffer.length == 0 ? FIRST_BUFFER : buffer.length * 4];
            wrapped = ByteBuffer.wrap(buffer);
        }
    }

    private void put(byte[] bytes, int from, int length) throws IOException {
        if (length > buffer.length - used) {
            makeRoom();
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

    /** Hands what is buffered to the operating system, so readers of the file see it (none before the first line). */
    synchronized void flush() {
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
        failed(e);
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing
        }
        out = null;
    }

    /**
     * Why the log is incomplete: the failure to create or write it, or, once it was created, a {@link Removed}
     * when it is no longer there (the lines written since went to a file no one can open). Looks at the file, so it
     * is for reports, not for the hot path.
     *
     * @return why the log is incomplete, or null when every line so far is in the file
     */
    IOException failure() {
        boolean created;
        synchronized (this) {
            if (failure != null) {
                return failure;
            }
            created = made;
        }
        return created && !Files.exists(path) ? new Removed(path) : null;
    }

    /** Whether the file was made: output came (whether or not it could all be written). */
    synchronized boolean isMade() {
        return made;
    }

    /** The log file was created and then removed (it, or a directory above it) while the process ran. */
    static final class Removed extends NoSuchFileException {
        private static final long serialVersionUID = 1L;

        Removed(Path path) {
            super(path.toString(), null, "removed during the run");
        }
    }

    /**
     * Flushes and closes the file; lines arriving later are dropped. Where no line came, there is no file: an older
     * run's file at the path is removed instead. A full-size buffer goes back to its pool: nothing here
     * touches it after (every write first finds the file closed).
     */
    @Override
    public synchronized void close() {
        if (!opened) {
            opened = true;
            try {
                removeOlder();
            } catch (IOException e) {
                failed(e);
            }
            return;
        }
        if (out != null) {
            try {
                drainBuffer();
                out.close();
            } catch (IOException e) {
                failed(e);
            }
            out = null;
            buffers.give(buffer);
            buffer = NONE;
            wrapped = ByteBuffer.wrap(NONE);
            used = 0;
        }
    }
}
