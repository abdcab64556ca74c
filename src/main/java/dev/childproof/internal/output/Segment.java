package dev.childproof.internal.output;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole lines of one stream as read in one go: the raw bytes of each line followed by {@code \n}, decoded only when
 * someone asks. Keeping bytes instead of one {@code String} per line is what lets a child write gigabytes without
 * the test JVM building a string for every line. Segments are numbered over both streams of a process, in arrival
 * order. Immutable but for the line count, computed on first use; not thread-safe: the owner locks.
 *
 * <p>A segment has three holders: the {@link RecentOutput}, the {@link LogWriter}, and the drainer that read it,
 * until it has handed its lines to the listeners. When all three have {@link #release() released} it, its array
 * goes back to the drainers' {@link ChunkPool} to be read into again (the other stream's drainer may take it); no
 * holder looks at the bytes after releasing them. A read larger than the memory bound falls out of memory at once,
 * so the drainer's own hold is what keeps its array from the other drainer while listeners decode it.
 */
final class Segment {

    /** What a segment costs beyond its array (object headers, array header, deque slot), counted in the bound. */
    static final int OVERHEAD = 64;

    private final OutputLine.Stream stream;
    private final long number;
    private final byte[] bytes;
    private final int length;
    private int lineCount = -1;
    /** Where the array goes once all its holders released it, or null when it is not to be reused (then no count). */
    private final ChunkPool pool;
    /** Guarded by {@code this}: holders that have not released it yet. */
    private int holders = 3;

    /**
     * A segment of whole lines.
     *
     * @param stream the stream
     * @param number its place in arrival order, over both streams
     * @param bytes lines, each ending with {@code \n}, from index 0; the segment owns the array from now on
     * @param length how many bytes of the array are lines
     */
    Segment(OutputLine.Stream stream, long number, byte[] bytes, int length) {
        this(stream, number, bytes, length, null);
    }

    /**
     * A segment of whole lines whose array goes back to {@code pool} once its three holders released it.
     *
     * @param pool where the array goes, or null
     */
    Segment(OutputLine.Stream stream, long number, byte[] bytes, int length, ChunkPool pool) {
        this.stream = stream;
        this.number = number;
        this.bytes = bytes;
        this.length = length;
        // only a drainer's full read buffer is read into again: a small read's copy is left to the collector
        this.pool = bytes.length == ChunkPool.SIZE ? pool : null;
    }

    /**
     * Says one holder (the recent output, the log, or the drainer) is done with the bytes; after the third, the
     * array is handed back to the pool to be read into again. Thread-safe.
     */
    void release() {
        if (pool == null) {
            return;
        }
        boolean last;
        synchronized (this) {
            last = --holders == 0;
        }
        if (last) {
            pool.give(bytes);
        }
    }

    OutputLine.Stream stream() {
        return stream;
    }

    long number() {
        return number;
    }

    /** @return how many bytes of its array are lines */
    int length() {
        return length;
    }

    int lineCount() {
        if (lineCount < 0) {
            lineCount = Newlines.count(bytes, 0, length);
        }
        return lineCount;
    }

    /**
     * This segment, or, when its array is larger than its lines by more than a sixteenth of them (a read that filled
     * only part of the read buffer it was read into), a copy of its lines in an array of their size, so that what the
     * recent output keeps costs the lines rather than the buffer. A full read, the hot path of a flood, is not copied.
     *
     * @return this segment, or a compact copy that returns no array to the pool
     */
    Segment compacted() {
        int waste = bytes.length - length;
        return waste > OVERHEAD && waste > length / 16 ? ofItsSize() : this;
    }

    /** A copy of this segment's lines in an array of their size, which returns nothing to the pool. */
    private Segment ofItsSize() {
        return new Segment(stream, number, Arrays.copyOf(bytes, length), length);
    }

    /** @return the memory this segment holds, as counted against the bound */
    long cost() {
        return bytes.length + (long) OVERHEAD;
    }

    /**
     * The same segment without its first lines, so that at least {@code excess} bytes of memory are freed, or null
     * when every line would go; with {@code keepLast}, its last line stays whatever the excess. What is kept is
     * copied, so the dropped bytes become collectable. A segment that is its last line alone is kept as it is,
     * unless its array is larger than the line by more than {@link #OVERHEAD}: a drainer hands over a long line in
     * the buffer it grew for it (up to 1 MiB), and the line is then copied to an array of its own size, so that
     * what is kept costs the line, not the buffer.
     */
    Segment dropAtLeast(long excess, boolean keepLast) {
        if (!keepLast && excess >= length) {
            return null;
        }
        int limit = keepLast ? Newlines.lastIndexOf(bytes, 0, length - 1) + 1 : length;
        int cut = 0;
        while (cut < excess && cut < limit) {
            cut = Newlines.indexOf(bytes, cut, length) + 1;
        }
        if (cut >= length) {
            return null;
        }
        if (cut == 0) {
            return bytes.length - length > OVERHEAD ? ofItsSize() : this;
        }
        return new Segment(stream, number, Arrays.copyOfRange(bytes, cut, length), length - cut);
    }

    /** Decodes the lines, without terminators ({@code \r\n} counts as one). */
    List<OutputLine> lines(Charset charset) {
        List<OutputLine> lines = new ArrayList<>();
        int from = 0;
        for (int nl = Newlines.indexOf(bytes, 0, length); nl >= 0; nl = Newlines.indexOf(bytes, from, length)) {
            int end = nl > from && bytes[nl - 1] == '\r' ? nl - 1 : nl;
            lines.add(new OutputLine(stream, new String(bytes, from, end - from, charset)));
            from = nl + 1;
        }
        return lines;
    }

    /** Marks and appends its lines to a log file. */
    void appendTo(LogFile file) {
        file.append(stream, bytes, length);
    }
}
