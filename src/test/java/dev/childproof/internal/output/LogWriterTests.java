package dev.childproof.internal.output;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("The log file: lines are written in order, by their drainers then a writer thread, and reach the file"
        + " while the child runs")
class LogWriterTests {

    @TempDir
    Path dir;

    private static byte[] lines(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesQueuedBeforeAFlushRequestReachTheFileWithoutAnEndOrClose() {
        LogWriter log = new LogWriter(new LogFile(dir.resolve("p.log")), "childproof-log-test");
        byte[] first = lines("first\n");
        log.write(new Segment(OutputLine.Stream.STDOUT, 0, first, first.length));
        log.flushSoon(); // the drainer found the pipe empty: whatever is queued must become visible

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dir.resolve("p.log")).content().isEqualTo("[out] first\n"));
        log.close();
    }

    /** Written all by the writer thread (none inline), by the drainers then the thread, and all by the drainers. */
    @ParameterizedTest
    @ValueSource(longs = {0, 20_000, LogWriter.INLINE_BYTES})
    void writesEveryLineOfBothStreamsInTheOrderTheyWereQueued(long inlineBytes) throws Exception {
        Path file = dir.resolve("p.log");
        LogWriter log = new LogWriter(new LogFile(file), "childproof-log-test", DrainerThreads.shared(),
                inlineBytes);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            OutputLine.Stream stream = i % 3 == 0 ? OutputLine.Stream.STDERR : OutputLine.Stream.STDOUT;
            byte[] line = lines("line " + i + "\n");
            log.write(new Segment(stream, i, line, line.length));
            expected.append('[').append(stream.mark()).append("] line ").append(i).append('\n');
            if (i % 100 == 0) {
                log.awaitRoom();
            }
        }
        log.close();

        assertThat(Files.readString(file)).isEqualTo(expected.toString());
    }

    @Test
    void theFirstBytesOfALogAreWrittenByTheCallerAndTheRestByAWriterThread() throws Exception {
        Path file = dir.resolve("p.log");
        AtomicInteger writerThreads = new AtomicInteger();
        DrainerThreads counted = new DrainerThreads(1, TimeUnit.SECONDS, task -> {
            writerThreads.incrementAndGet();
            Thread thread = new Thread(task, "counted");
            thread.setDaemon(true);
            return thread;
        });
        LogWriter log = new LogWriter(new LogFile(file), "childproof-log-test", counted, 12);
        byte[] first = lines("first\n");
        log.write(new Segment(OutputLine.Stream.STDOUT, 0, first, first.length));
        log.flushSoon();
        assertThat(file).as("written and flushed before write() returned").content().isEqualTo("[out] first\n");
        assertThat(writerThreads).hasValue(0);

        byte[] second = lines("second\n");
        log.write(new Segment(OutputLine.Stream.STDERR, 1, second, second.length));
        log.flushAll();
        assertThat(file).content().isEqualTo("[out] first\n[err] second\n");
        assertThat(writerThreads).as("past the first 12 bytes").hasValue(1);
        log.close();
    }

    @Test
    void linesAfterCloseAreDroppedAndCloseNeverWaitsForThem() throws Exception {
        Path file = dir.resolve("p.log");
        LogWriter log = new LogWriter(new LogFile(file), "childproof-log-test");
        byte[] kept = lines("kept\n");
        log.write(new Segment(OutputLine.Stream.STDOUT, 0, kept, kept.length));
        log.close();
        byte[] late = lines("late\n");
        log.write(new Segment(OutputLine.Stream.STDOUT, 1, late, late.length));
        log.flushAll();

        assertThat(Files.readString(file)).isEqualTo("[out] kept\n");
    }

    @Test
    @Timeout(60) // the old writer left its queue to a thread that never came, and close() waited for it forever
    void whereNoWriterThreadCanStartTheLinesAreWrittenByTheCallerAndCloseReturns() throws Exception {
        Path file = dir.resolve("p.log");
        DrainerThreads noThread = new DrainerThreads(1, TimeUnit.SECONDS, task -> {
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource"
                    + " limits reached");
        });
        LogWriter log = new LogWriter(new LogFile(file), "childproof-log-test", noThread, 0);
        byte[] first = lines("first\n");
        byte[] second = lines("second\n");
        log.write(new Segment(OutputLine.Stream.STDOUT, 0, first, first.length));
        log.write(new Segment(OutputLine.Stream.STDERR, 1, second, second.length));
        log.flushAll();

        assertThat(file).content().isEqualTo("[out] first\n[err] second\n");
        log.close();
    }
}
