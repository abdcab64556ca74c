package dev.childproof.internal.output;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Output: memory keeps the newest reads of each stream, up to its bound")
class RecentOutputTests {

    private static final int BOUND = 1000;

    /** A read of {@code count} lines {@code <prefix><n>}, numbered from {@code first}. */
    private static Segment read(long number, String prefix, int first, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            lines.append(prefix).append(i).append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        return new Segment(OutputLine.Stream.STDOUT, number, bytes, bytes.length);
    }

    @Test
    void dropsWholeOldReadsSoWhatIsKeptIsWithinOneReadOfTheBound() {
        RecentOutput recent = new RecentOutput(BOUND, StandardCharsets.UTF_8);
        int next = 0;
        for (int r = 0; r < 50; r++) {
            Segment segment = read(r, "line ", next, 20); // 20 lines "line NNN\n": about 180 bytes + 64
            next += 20;
            recent.add(segment);
            assertThat(recent.keptBytes()).isLessThanOrEqualTo(BOUND);
        }
        assertThat(recent.keptBytes()).isGreaterThan(BOUND - (200 + Segment.OVERHEAD));
        List<String> texts = recent.lines(null).stream().map(OutputLine::text).toList();
        assertThat(texts).endsWith("line 999").first().matches(first -> {
            int n = Integer.parseInt(first.substring(5));
            return n % 20 == 0 && n > 900; // a read's first line: reads fall out whole
        }, "the first line of a read");
    }

    @Test
    void countsTheLinesOfAReadNotTheLargerBufferItWasReadInto() {
        RecentOutput recent = new RecentOutput(BOUND, StandardCharsets.UTF_8);
        int next = 0;
        for (int r = 0; r < 50; r++) {
            StringBuilder text = new StringBuilder();
            for (int i = next; i < next + 20; i++) {
                text.append("line ").append(i).append('\n'); // about 180 bytes of lines
            }
            next += 20;
            byte[] lines = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] buffer = new byte[4 * BOUND]; // a read that filled a small part of its read buffer
            System.arraycopy(lines, 0, buffer, 0, lines.length);
            recent.add(new Segment(OutputLine.Stream.STDOUT, r, buffer, lines.length));
            assertThat(recent.keptBytes()).isLessThanOrEqualTo(BOUND);
        }
        assertThat(recent.keptBytes()).isGreaterThan(BOUND - (200 + Segment.OVERHEAD));
        List<String> texts = recent.lines(null).stream().map(OutputLine::text).toList();
        assertThat(texts).endsWith("line 999").hasSizeGreaterThan(60); // a fifth of a buffer each: about 4 reads kept
    }

    @Test
    void aSingleReadLongerThanTheBoundKeepsItsNewestLines() {
        RecentOutput recent = new RecentOutput(BOUND, StandardCharsets.UTF_8);
        recent.add(read(0, "line ", 0, 500));

        List<String> texts = recent.lines(null).stream().map(OutputLine::text).toList();
        assertThat(recent.keptBytes()).isLessThanOrEqualTo(BOUND);
        assertThat(texts).endsWith("line 499").hasSizeGreaterThan(50);
    }

    @Test
    void keepsTheNewestLineEvenWhenItAloneIsLongerThanTheBound() {
        RecentOutput recent = new RecentOutput(BOUND, StandardCharsets.UTF_8);
        recent.add(read(0, "short ", 0, 3));
        byte[] longLine = ("x".repeat(5000) + "\n").getBytes(StandardCharsets.US_ASCII);
        recent.add(new Segment(OutputLine.Stream.STDOUT, 1, longLine, longLine.length));

        assertThat(recent.lines(null)).hasSize(1).first().extracting(OutputLine::text).asString().hasSize(5000);
    }
}
