package dev.childproof.internal.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Reads one output stream until end-of-file and hands its whole lines, a read at a time, to the capture. A line
 * split across reads is carried over and delivered once, whole; a line longer than {@link #MAX_LINE} bytes is
 * delivered in pieces of that size, so a child writing without newlines cannot grow the heap. Runs on a thread
 * named by its {@link OutputCapture}, which ends with the stream.
 *
 * <p>The hot path copies nothing it does not have to: a large read is handed over in the very array it was read
 * into (the next read gets one that was read into before, once the recent output and the log are done with it:
 * {@link ChunkPool}); only a small read is copied to an array of its size, so a chatty child
 * writing a line at a time does not pin a whole read buffer per line, and so are the lines read into a buffer grown
 * beyond a read's size for a long line, so that what is kept costs the lines, not the buffer.
 *
 * <p>A line begun but not ended (a prompt such as {@code Password: }, or {@code ready} without a newline) stays
 * carried until its end comes; each time the stream has nothing more to read, the drainer tells the capture how
 * it begins and how long it is so far ({@link Partial}), so that a failure report can show it. That costs a copy
 * of at most {@link Partial#START} bytes and a count of the bytes carried since the last time.
 */
final class Drainer implements Runnable {

    /** The longest line delivered in one piece. */
    static final int MAX_LINE = 1 << 20;
    /** The largest buffer: a longest line and its terminator ({@code \r\n}), so that such a line stays whole. */
    private static final int MAX_BUFFER = MAX_LINE + 2;
    private static final int CHUNK = ChunkPool.SIZE;
    private static final int SMALL = CHUNK / 4;
    /** The first read's buffer: most processes in a suite write little; one that fills it gets {@link #CHUNK}. */
    private static final int FIRST = CHUNK / 8;

    /** Where whole lines go. */
    interface Sink {
        /**
         * Called on the drainer thread once its first read returned output, before any line is handed over; never
         * for a stream that ends without any.
         */
        void started();

        /**
         * Takes {@code length} bytes of whole lines; the array is the sink's from now on. The first of them end the
         * line last told of by {@link #partial}, if any.
         */
        void lines(OutputLine.Stream stream, byte[] lines, int length);

        /** Tells of the line begun but not ended, as it is while the stream has nothing more to read now. */
        void partial(Partial partial);

        void idle();

        void ended(OutputLine.Stream stream);
    }

    private final InputStream in;
    private final OutputLine.Stream stream;
    private final Sink sink;
    private final ChunkPool chunks;
    private byte[] buffer = new byte[FIRST];
    /** Bytes at the start of {@link #buffer} that are the beginning of a line not yet ended. */
    private int carried;
    /** How many of the carried bytes {@link #carriedChars} counts. */
    private int counted;
    /** The UTF-16 characters the first {@link #counted} carried bytes decode to. */
    private int carriedChars;
    /** How many carried bytes the sink was last told of; -1 when none since the last line was handed over. */
    private int told = -1;

    Drainer(InputStream in, OutputLine.Stream stream, ChunkPool chunks, Sink sink) {
        this.in = in;
        this.stream = stream;
        this.chunks = chunks;
        this.sink = sink;
    }

    /**
     * Reads until end-of-file holding the stream's own lock throughout: when the process exits, the JDK drains
     * what is available of a pipe stream and closes it under that lock ({@code processExited}), which would cut
     * off what the process's descendants still write; held, the JDK waits until the last writer has closed the
     * pipe and this loop has read everything. The first read is made before anything else, so the lock is taken
     * as early as possible after the launch.
     */
    @Override
    public void run() {
        try {
            synchronized (in) {
                readAll();
            }
        } finally {
            while (carried > 0) {
                deliverPiece();
            }
            sink.ended(stream);
        }
    }

    private void readAll() {
        try (in) {
            int read = in.read(buffer, 0, buffer.length);
            if (read > 0) {
                sink.started();
            }
            while (read >= 0) {
                boolean filled = carried + read == buffer.length;
                accept(carried + read);
                if (filled && buffer.length < CHUNK) {
                    buffer = grownTo(CHUNK);
                }
                if (in.available() == 0) {
                    tellPartial();
                    sink.idle();
                }
                read = in.read(buffer, carried, buffer.length - carried);
            }
        } catch (IOException e) {
            // the stream was closed under us; whatever was read is kept
        }
    }

    /** Takes the first {@code filled} bytes of the buffer: carried ones, then those just read. */
    private void accept(int filled) {
        if (filled > MAX_LINE && firstLineTooLong(filled)) {
            // a piece of the longest length, then the rest as if just read (it may hold the line's end)
            carried = filled;
            deliverPiece();
            int rest = carried;
            carried = 0;
            accept(rest);
            return;
        }
        int end = Newlines.lastIndexOf(buffer, carried, filled) + 1;
        carried = filled;
        if (end > 0) {
            deliver(filled, end);
        } else if (carried == buffer.length) {
            buffer = grownTo(Math.min(MAX_BUFFER, 2 * buffer.length));
        }
    }

    /**
     * Whether the line that begins the buffer is longer than {@link #MAX_LINE} without its terminator, or will be
     * whatever comes next (a last {@code \r} may begin the {@code \r\n} that ends a line of the longest length).
     */
    private boolean firstLineTooLong(int filled) {
        int first = Newlines.indexOf(buffer, 0, filled);
        if (first < 0) {
            return !(filled == MAX_LINE + 1 && buffer[MAX_LINE] == '\r');
        }
        return first - (first > 0 && buffer[first - 1] == '\r' ? 1 : 0) > MAX_LINE;
    }

    /** Hands over the lines in {@code [0, end)} and carries {@code [end, filled)} over to the next read. */
    private void deliver(int filled, int end) {
        int rest = filled - end;
        byte[] lines;
        if (end < SMALL) {
            lines = Arrays.copyOf(buffer, end);
            System.arraycopy(buffer, end, buffer, 0, rest);
        } else if (buffer.length > CHUNK) {
            // a buffer grown for a long line is not handed over: the recent output counts an array at its size,
            // so a 600 KB line in a 1 MiB buffer would cost the whole bound and push out everything before it
            lines = Arrays.copyOf(buffer, end);
            System.arraycopy(buffer, end, buffer, 0, rest);
            if (2 * rest <= CHUNK) {
                byte[] chunk = chunks.take();
                System.arraycopy(buffer, 0, chunk, 0, rest);
                buffer = chunk;
            }
        } else {
            lines = buffer;
            // room for the next read even when the rest is a longest line and more
            buffer = 2 * rest <= CHUNK ? chunks.take()
                    : new byte[Math.max(rest + 1, Math.min(MAX_BUFFER, 2 * rest))];
            System.arraycopy(lines, end, buffer, 0, rest);
        }
        carried = rest;
        restarted();
        sink.lines(stream, lines, end);
    }

    /** A larger buffer beginning with the carried bytes: one from the pool when it is a full read's size. */
    private byte[] grownTo(int size) {
        byte[] grown = size == CHUNK ? chunks.take() : new byte[size];
        System.arraycopy(buffer, 0, grown, 0, carried);
        return grown;
    }

    /**
     * Hands over the first {@link #MAX_LINE} carried bytes (all of them, when fewer) as one line, though the child
     * has not ended it, and keeps the rest carried. A cut never splits a UTF-8 character: it moves back over up to
     * three continuation bytes, so each piece decodes as the child wrote it, and so does the log. A piece that ends
     * with {@code \r} (cut right after it, or the stream's last byte) is ended by {@code \r\n}, not {@code \n}:
     * that {@code \r} is the child's, kept as a lone {@code \r} within a line is, not the start of a terminator.
     */
    private void deliverPiece() {
        int length = Math.min(carried, MAX_LINE);
        if (length < carried) {
            int cut = length;
            while (cut > length - 3 && (buffer[cut] & 0xC0) == 0x80) {
                cut--;
            }
            if ((buffer[cut] & 0xC0) != 0x80) {
                length = cut; // else no character starts within reach: not UTF-8, cut where it falls
            }
        }
        boolean lastIsReturn = buffer[length - 1] == '\r';
        byte[] line = Arrays.copyOf(buffer, length + (lastIsReturn ? 2 : 1));
        if (lastIsReturn) {
            line[length] = '\r';
        }
        line[line.length - 1] = '\n';
        System.arraycopy(buffer, length, buffer, 0, carried - length);
        carried -= length;
        restarted();
        sink.lines(stream, line, line.length);
    }

    /** The carried bytes begin a new line: none of them is counted or told of yet. */
    private void restarted() {
        counted = 0;
        carriedChars = 0;
        told = -1;
    }

    /** Tells the sink of the carried line when it has grown or begun since the last time. */
    private void tellPartial() {
        if (carried == 0 || carried == told) {
            return;
        }
        carriedChars += Partial.chars(buffer, counted, carried);
        counted = carried;
        told = carried;
        sink.partial(new Partial(stream, Arrays.copyOf(buffer, Math.min(carried, Partial.START)), carried,
                carriedChars));
    }

    /**
     * A line a stream has begun but not ended.
     *
     * @param stream its stream
     * @param start its first bytes, at most {@link #START}
     * @param bytes how many bytes it has so far
     * @param chars how many UTF-16 characters they decode to (counted without decoding)
     */
    record Partial(OutputLine.Stream stream, byte[] start, int bytes, int chars) {

        /** Enough bytes for {@link OutputReport#LINE_CHARS} characters of any UTF-8 text. */
        static final int START = 4 * OutputReport.LINE_CHARS;

        /** Its text as far as {@link #start} goes: all of it when {@code start} holds every byte. */
        String text(Charset charset) {
            return new String(start, charset);
        }

        /**
         * The UTF-16 characters UTF-8 bytes decode to: one per byte that begins a character, two for one that
         * begins a four-byte character (a surrogate pair). Malformed bytes may count differently from their decoding.
         */
        static int chars(byte[] bytes, int from, int to) {
            int chars = 0;
            for (int i = from; i < to; i++) {
                int b = bytes[i] & 0xFF;
                if ((b & 0xC0) != 0x80) {
                    chars += (b & 0xF8) == 0xF0 ? 2 : 1;
                }
            }
            return chars;
        }
    }
}
