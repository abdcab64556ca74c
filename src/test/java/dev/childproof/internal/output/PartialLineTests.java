package dev.childproof.internal.output;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The drainer tells of the line a stream has begun but not ended")
class PartialLineTests {

    @Test
    void tellsOfTheLineAsItGrowsAndNoMoreOnceItEnds() {
        Recorder sink = drain("hello\nwor", "ld", "!\nPass", "word: ");
        assertThat(sink.events).containsExactly("lines 1", "partial wor (3 bytes, 3 chars)",
                "partial world (5 bytes, 5 chars)", "lines 1", "partial Pass (4 bytes, 4 chars)",
                "partial Password:  (10 bytes, 10 chars)", "lines 1", "ended");
    }

    @Test
    void keepsOnlyTheStartOfALongLineAndCountsItsCharactersRead() {
        String piece = "é😀x"; // 2 + 4 + 1 bytes, 1 + 2 + 1 UTF-16 characters
        Recorder sink = drain(piece.repeat(200), piece.repeat(200));
        assertThat(sink.partials).hasSize(2);
        Drainer.Partial last = sink.partials.get(1);
        assertThat(last.bytes()).isEqualTo(7 * 400);
        assertThat(last.chars()).isEqualTo(piece.repeat(400).length());
        assertThat(last.start()).hasSize(Drainer.Partial.START);
        assertThat(last.text(StandardCharsets.UTF_8)).startsWith(piece.repeat(171));
    }

    private static Recorder drain(String... reads) {
        Recorder sink = new Recorder();
        new Drainer(new Reads(reads), OutputLine.Stream.STDOUT, new ChunkPool(), sink).run();
        return sink;
    }

    /** One read per string, each with nothing more available after it. */
    private static final class Reads extends InputStream {
        private final Iterator<byte[]> reads;

        Reads(String... reads) {
            this.reads = Arrays.stream(reads).map(r -> r.getBytes(StandardCharsets.UTF_8)).iterator();
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (!reads.hasNext()) {
                return -1;
            }
            byte[] next = reads.next();
            assertThat(next.length).isLessThanOrEqualTo(length);
            System.arraycopy(next, 0, buffer, offset, next.length);
            return next.length;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static final class Recorder implements Drainer.Sink {
        final List<String> events = new ArrayList<>();
        final List<Drainer.Partial> partials = new ArrayList<>();

        @Override
        public void started() {
        }

        @Override
        public void lines(OutputLine.Stream stream, byte[] lines, int length) {
            events.add("lines " + Newlines.count(lines, 0, length));
        }

        @Override
        public void partial(Drainer.Partial partial) {
            partials.add(partial);
            events.add("partial " + partial.text(StandardCharsets.UTF_8) + " (" + partial.bytes() + " bytes, "
                    + partial.chars() + " chars)");
        }

        @Override
        public void idle() {
        }

        @Override
        public void ended(OutputLine.Stream stream) {
            events.add("ended");
        }
    }
}
