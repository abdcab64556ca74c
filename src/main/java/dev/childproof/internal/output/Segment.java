package dev.childproof.internal.output;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole lines of one stream as read in one go: the raw bytes of each line followed by {@code \n}, decoded only when
 * someone asks. Keeping bytes instead of one {@code String} per line is what lets a child write gigabytes without
 * the test JVM building a string for every line. Immutable.
 */
final class Segment {

    /** What a segment costs beyond its bytes (object headers, array header, deque slot), counted in the bound. */
    static final int OVERHEAD = 64;

    private final OutputLine.Stream stream;
    private final long firstLine;
    private final byte[] bytes;
    private final int lineCount;

    private Segment(OutputLine.Stream stream, long firstLine, byte[] bytes, int lineCount) {
        this.stream = stream;
        this.firstLine = firstLine;
        this.bytes = bytes;
        this.lineCount = lineCount;
    }

    /**
     * A segment of whole lines.
     *
     * @param stream the stream
     * @param firstLine the sequence number of its first line (over both streams of the process)
     * @param bytes lines, each ending with {@code \n}
     * @param lineCount how many
     */
    static Segment of(OutputLine.Stream stream, long firstLine, byte[] bytes, int lineCount) {
        return new Segment(stream, firstLine, bytes, lineCount);
    }

    /** Counts the {@code \n} in a range. */
    static int countLines(byte[] bytes, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    OutputLine.Stream stream() {
        return stream;
    }

    long firstLine() {
        return firstLine;
    }

    int lineCount() {
        return lineCount;
    }

    /** @return the bytes this segment keeps in memory, as counted against the bound */
    long cost() {
        return bytes.length + (long) OVERHEAD;
    }

    /**
     * The same segment without its first lines, so that at least {@code excess} bytes are gone, or null when every
     * line would go; with {@code keepLast}, its last line stays whatever the excess. The copy makes the dropped
     * bytes collectable.
     */
    Segment dropAtLeast(long excess, boolean keepLast) {
        int cut = 0;
        int dropped = 0;
        int mayDrop = keepLast ? lineCount - 1 : lineCount;
        while (cut < excess && dropped < mayDrop) {
            while (bytes[cut] != '\n') {
                cut++;
            }
            cut++;
            dropped++;
        }
        if (dropped == lineCount) {
            return null;
        }
        if (dropped == 0) {
            return this;
        }
        byte[] rest = Arrays.copyOfRange(bytes, cut, bytes.length);
        return new Segment(stream, firstLine + dropped, rest, lineCount - dropped);
    }

    /** Decodes the lines, without terminators ({@code \r\n} counts as one). */
    List<OutputLine> lines(Charset charset) {
        List<OutputLine> lines = new ArrayList<>(lineCount);
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int end = i > from && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(new OutputLine(stream, new String(bytes, from, end - from, charset)));
                from = i + 1;
            }
        }
        return lines;
    }

    /** Writes its lines to a log. */
    void writeTo(LogFile log) {
        log.write(stream, bytes, bytes.length);
    }
}
