package dev.childproof.internal.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads one output stream until end-of-file and hands its whole lines, a read at a time, to the capture. A line
 * split across reads is carried over and delivered once, whole; a line longer than {@link #MAX_LINE} bytes is
 * delivered in pieces of that size, so a child writing without newlines cannot grow the heap. Runs on a thread
 * named by its {@link OutputCapture}, which ends with the stream.
 */
final class Drainer implements Runnable {

    /** The longest line delivered in one piece. */
    static final int MAX_LINE = 1 << 20;
    private static final int CHUNK = 1 << 16;

    /** Where whole lines go. */
    interface Sink {
        void lines(OutputLine.Stream stream, byte[] lines, int lineCount);

        void idle();

        void ended(OutputLine.Stream stream);
    }

    private final InputStream in;
    private final OutputLine.Stream stream;
    private final Sink sink;
    private byte[] partial = new byte[0];
    private int partialLength;

    Drainer(InputStream in, OutputLine.Stream stream, Sink sink) {
        this.in = in;
        this.stream = stream;
        this.sink = sink;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK];
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                accept(buffer, read);
                if (in.available() == 0) {
                    sink.idle();
                }
            }
        } catch (IOException e) {
            // the stream was closed under us; whatever was read is kept
        } finally {
            if (partialLength > 0) {
                deliverPartialAsLine();
            }
            sink.ended(stream);
        }
    }

    void accept(byte[] buffer, int length) {
        int last = length - 1;
        while (last >= 0 && buffer[last] != '\n') {
            last--;
        }
        if (last < 0) {
            carry(buffer, 0, length);
            return;
        }
        int lineCount = Segment.countLines(buffer, 0, last + 1);
        byte[] lines = new byte[partialLength + last + 1];
        System.arraycopy(partial, 0, lines, 0, partialLength);
        System.arraycopy(buffer, 0, lines, partialLength, last + 1);
        partialLength = 0;
        sink.lines(stream, lines, lineCount);
        carry(buffer, last + 1, length);
    }

    private void carry(byte[] buffer, int from, int to) {
        int length = to - from;
        while (length > 0) {
            int room = MAX_LINE - partialLength;
            int take = Math.min(room, length);
            if (partial.length < partialLength + take) {
                partial = Arrays.copyOf(partial, Math.min(MAX_LINE, Math.max(partialLength + take,
                        2 * partial.length)));
            }
            System.arraycopy(buffer, from, partial, partialLength, take);
            partialLength += take;
            from += take;
            length -= take;
            if (partialLength == MAX_LINE) {
                deliverPartialAsLine();
            }
        }
    }

    private void deliverPartialAsLine() {
        byte[] line = Arrays.copyOf(partial, partialLength + 1);
        line[partialLength] = '\n';
        partialLength = 0;
        if (partial.length > CHUNK) {
            partial = new byte[0];
        }
        sink.lines(stream, line, 1);
    }
}
