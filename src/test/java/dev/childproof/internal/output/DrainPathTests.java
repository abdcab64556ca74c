package dev.childproof.internal.output;

import dev.childproof.testkit.ChunkedStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static dev.childproof.testkit.ChunkedStream.chunks;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The drain path: line splitting, memory bound, log format")
class DrainPathTests {

    @TempDir
    Path dir;

    @Test
    void findsNewlinesLikeANaiveScanAtEveryOffset() {
        Random random = new Random(42);
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextInt(20) == 0 ? (byte) '\n' : (byte) (random.nextInt(256));
        }
        for (int from = 0; from < 100; from++) {
            for (int to = from; to < 200; to++) {
                int naive = -1;
                int count = 0;
                for (int i = from; i < to; i++) {
                    if (bytes[i] == '\n') {
                        naive = naive < 0 ? i : naive;
                        count++;
                    }
                }
                assertThat(Newlines.indexOf(bytes, from, to)).isEqualTo(naive);
                assertThat(Newlines.count(bytes, from, to)).isEqualTo(count);
            }
        }
    }

    @Test
    void deliversTheSameLinesWhereverTheReadsCutThem() throws Exception {
        String text = "alpha\r\nbeta\n\ngamma with ünïcödé\nlast without end";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= bytes.length; size++) {
            OutputCapture capture = drain(chunks(bytes, size), new byte[0]);
            assertThat(capture.stdoutLines()).as("reads of %d bytes", size)
                    .containsExactly("alpha", "beta", "", "gamma with ünïcödé", "last without end");
            assertThat(Files.readString(capture.logFile())).isEqualTo(
                    "[out] alpha\r\n[out] beta\n[out] \n[out] gamma with ünïcödé\n[out] last without end\n");
        }
    }

    @Test
    void cutsALineLongerThanTheLongestLineIntoPieces() throws Exception {
        byte[] line = new byte[Drainer.MAX_LINE * 2 + 10];
        Arrays.fill(line, (byte) 'y');
        byte[] bytes = Arrays.copyOf(line, line.length + 3);
        bytes[line.length] = '\n';
        bytes[line.length + 1] = 'z';
        bytes[line.length + 2] = '\n';
        OutputCapture capture = drain(chunks(bytes, 50_000), new byte[0]);
        List<String> lines = capture.stdoutLines();
        assertThat(lines).extracting(String::length).containsExactly(Drainer.MAX_LINE, Drainer.MAX_LINE, 10, 1);
        assertThat(Files.size(capture.logFile())).isEqualTo(bytes.length + 4 * 6 + 2);
    }

    @Test
    void cutsALongLineOfMultiByteCharactersBetweenCharacters() throws Exception {
        for (String character : new String[] {"é", "€", "😀"}) {
            for (String lead : new String[] {"", "x", "xy", "xyz"}) {
                String text = lead + character.repeat(Drainer.MAX_LINE / character.getBytes(StandardCharsets.UTF_8)
                        .length + 5);
                byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
                OutputCapture capture = drain(chunks(bytes, 50_000), new byte[0]);
                List<String> pieces = capture.stdoutLines();
                assertThat(pieces).as("%s after %d bytes", character, lead.length()).hasSize(2)
                        .allSatisfy(piece -> assertThat(piece).doesNotContain("\uFFFD"));
                assertThat(String.join("", pieces)).isEqualTo(text);
                assertThat(pieces.get(0).getBytes(StandardCharsets.UTF_8).length)
                        .isBetween(Drainer.MAX_LINE - 3, Drainer.MAX_LINE);
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                        Files.readAllBytes(capture.logFile()))); // throws on a character cut in two
            }
        }
    }

    @Test
    void aLineOfTheLongestLengthStaysWholeWithEitherEndAndOneByteMoreIsCut() throws Exception {
        int max = Drainer.MAX_LINE;
        String y = "y".repeat(max);
        Object[][] cases = {
                {y + "\nafter\n", List.of(max, 5)},
                {y + "\r\nafter\n", List.of(max, 5)},
                {y.substring(1) + "\r\nafter\n", List.of(max - 1, 5)},
                {y + "y\nafter\n", List.of(max, 1, 5)},
                {y + "\rz\n", List.of(max, 2)},
                {"a\n" + y + "\n", List.of(1, max)},
                {y + "yz", List.of(max, 2)}, // cut, then the last line ends with the stream
        };
        for (Object[] c : cases) {
            byte[] bytes = ((String) c[0]).getBytes(StandardCharsets.US_ASCII);
            for (int size : new int[] {50_000, 65_536, max - 1, max, max + 1, bytes.length}) {
                OutputCapture capture = drain(chunks(bytes, size), new byte[0]);
                assertThat(capture.stdoutLines()).as("case ending %s, reads of %d bytes",
                        ((String) c[0]).substring(Math.max(0, ((String) c[0]).length() - 8)).replace("\r", "\\r")
                                .replace("\n", "\\n"), size)
                        .extracting(String::length).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void aLoneCarriageReturnEndingAPieceOrTheStreamStaysInItsLineAsWithinOne() throws Exception {
        byte[] bytes = "a\rb\nc\r".getBytes(StandardCharsets.US_ASCII);
        for (int size = 1; size <= bytes.length; size++) {
            OutputCapture capture = drain(chunks(bytes, size), new byte[0]);
            assertThat(capture.stdoutLines()).as("reads of %d bytes", size).containsExactly("a\rb", "c\r");
            // the log ends the line with \r\n, so that it reads as the line does
            assertThat(Files.readString(capture.logFile())).isEqualTo("[out] a\rb\n[out] c\r\r\n");
        }
        int max = Drainer.MAX_LINE;
        String y = "y".repeat(max);
        // cut right after a lone \r, then a line of the longest length and a lone \r at the stream's end
        bytes = (y.substring(1) + "\rz\n" + y + "\r").getBytes(StandardCharsets.US_ASCII);
        List<String> expected = List.of(max + " y\\r", "1 z", max + " yy", "1 \\r");
        for (int size : new int[] {50_000, 65_536, max - 1, max, max + 1, bytes.length}) {
            OutputCapture capture = drain(chunks(bytes, size), new byte[0]);
            assertThat(capture.stdoutLines()).as("reads of %d bytes", size).extracting(DrainPathTests::ending)
                    .isEqualTo(expected);
            assertThat(Pattern.compile("\\r?\\n").splitAsStream(Files.readString(capture.logFile()))
                    .map(line -> line.replaceFirst("^\\[out] ", ""))).as("the log, reads of %d bytes", size)
                    .extracting(DrainPathTests::ending).isEqualTo(expected);
        }
    }

    /** A line's length and its last two characters, {@code \r} shown as {@code \\r}. */
    private static String ending(String line) {
        return line.length() + " " + line.substring(Math.max(0, line.length() - 2)).replace("\r", "\\r");
    }

    @Test
    void keepsTheMostRecentWholeLinesOfEachStreamWithinTheBound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (int i = 1; i <= 20_000; i++) {
            out.writeBytes(("out " + i + "\n").getBytes(StandardCharsets.UTF_8));
            err.writeBytes(("err " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        int bound = 8 * 1024;
        OutputCapture capture = new OutputCapture("p", dir.resolve("p.log"), bound);
        capture.start(new FakeProcess(chunks(out.toByteArray(), 3000), chunks(err.toByteArray(), 7000)));
        assertThat(capture.awaitDrained(Duration.ofSeconds(30))).isTrue();
        assertThat(capture.keptBytes()).isLessThanOrEqualTo(2L * bound);
        List<String> kept = capture.stdoutLines();
        assertThat(kept).hasSizeGreaterThan(100).endsWith("out 20000");
        int first = Integer.parseInt(kept.get(0).substring(4));
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).isEqualTo("out " + (first + i));
        }
        assertThat(capture.stderrLines()).endsWith("err 20000");
        assertThat(capture.lines()).hasSize(kept.size() + capture.stderrLines().size());
        assertThat(capture.tail(2)).hasSize(2);
    }

    @Test
    void keepsTheNewestLineEvenWhenItAloneExceedsTheBound() {
        byte[] bytes = ("short\n" + "x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);
        OutputCapture capture = new OutputCapture("p", dir.resolve("p.log"), 1024);
        capture.start(new FakeProcess(chunks(bytes, bytes.length), List.of()));
        capture.awaitDrained(Duration.ofSeconds(30));
        assertThat(capture.stdoutLines()).containsExactly("x".repeat(5000));
    }

    @Test
    void awaitLineSeesALineThatArrivesAfterMoreThanTheBoundOfOtherOutput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("needle\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 50_000; i++) {
            out.writeBytes("hay\n".getBytes(StandardCharsets.UTF_8));
        }
        OutputCapture capture = new OutputCapture("p", dir.resolve("p.log"), 1024);
        LineWatch watch = capture.watch(Pattern.compile("needle"));
        capture.start(new FakeProcess(chunks(out.toByteArray(), 4096), List.of()));
        capture.awaitDrained(Duration.ofSeconds(30));
        assertThat(watch.matched()).isEqualTo("needle");
        assertThat(capture.stdoutLines()).doesNotContain("needle");
        watch.close();
    }

    @Test
    void keepsEveryLineIntactWhileReadBuffersAreReused() throws Exception {
        // both streams at once, far more than the bound, so read buffers go round the pool many times
        Process process = new ProcessBuilder("sh", "-c", "seq 1 300000 >&2 & seq 1 300000; wait").start();
        OutputCapture capture = new OutputCapture("p", dir.resolve("p.log"), 64 * 1024);
        capture.start(process);
        assertThat(capture.awaitDrained(Duration.ofSeconds(60))).isTrue();
        assertThat(process.waitFor()).isZero();
        capture.close();

        List<String> log = Files.readAllLines(capture.logFile());
        for (String mark : List.of("[out] ", "[err] ")) {
            List<String> stream = log.stream().filter(line -> line.startsWith(mark))
                    .map(line -> line.substring(mark.length())).toList();
            assertThat(stream).as(mark).hasSize(300_000);
            for (int i = 0; i < stream.size(); i++) {
                assertThat(stream.get(i)).as("%sline %d", mark, i + 1).isEqualTo(String.valueOf(i + 1));
            }
        }
        assertThat(log).hasSize(600_000);
        for (List<String> kept : List.of(capture.stdoutLines(), capture.stderrLines())) {
            assertThat(kept).isNotEmpty().last().isEqualTo("300000");
            int first = Integer.parseInt(kept.get(0));
            for (int i = 0; i < kept.size(); i++) {
                assertThat(kept.get(i)).isEqualTo(String.valueOf(first + i));
            }
        }
    }

    @Test
    void listenersSeeEveryLineIntactWhenTheBoundIsSmallerThanARead() throws Exception {
        // a read larger than the bound falls out of memory at once: listeners still decode it after that
        Process process = new ProcessBuilder("sh", "-c", "seq 1 300000 >&2 & seq 1 300000; wait").start();
        OutputCapture capture = new OutputCapture("p", dir.resolve("p.log"), 1024);
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        capture.listen(line -> (line.stream() == OutputLine.Stream.STDOUT ? out : err).add(line.text()));
        capture.start(process);
        assertThat(capture.awaitDrained(Duration.ofSeconds(60))).isTrue();
        assertThat(process.waitFor()).isZero();
        capture.close();

        for (List<String> heard : List.of(out, err)) {
            assertThat(heard).hasSize(300_000);
            for (int i = 0; i < heard.size(); i++) {
                assertThat(heard.get(i)).as("line %d", i + 1).isEqualTo(String.valueOf(i + 1));
            }
        }
    }

    private OutputCapture drain(List<byte[]> out, byte[] err) {
        OutputCapture capture = new OutputCapture("p", dir.resolve("p.log"), 1 << 22);
        capture.start(new FakeProcess(out, err.length == 0 ? List.of() : List.of(err)));
        assertThat(capture.awaitDrained(Duration.ofSeconds(30))).isTrue();
        capture.close();
        return capture;
    }

    private static final class FakeProcess extends Process {
        private final InputStream out;
        private final InputStream err;

        FakeProcess(List<byte[]> out, List<byte[]> err) {
            this.out = new ChunkedStream(out);
            this.err = new ChunkedStream(err);
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return out;
        }

        @Override
        public InputStream getErrorStream() {
            return err;
        }

        @Override
        public int waitFor() {
            return 0;
        }

        @Override
        public int exitValue() {
            return 0;
        }

        @Override
        public void destroy() {
        }
    }
}
