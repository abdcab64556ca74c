package dev.childproof.internal.output;

import dev.childproof.testkit.HeldLending;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Log file: made where it belongs, replacing what was there, never through a link")
class LogFileTests {

    @TempDir
    Path dir;

    /**
     * In a test JVM that has used up its descriptors, a drainer making its log while a descriptor is lent to another
     * process's stop took that descriptor and held it for as long as the log was open: the stop's signal or stop file
     * went out without one (inferred from 2 cleanups in 195 on a loaded machine that lost both at once once the
     * other causes were mended). It waits instead.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void isMadeOnlyOnceADescriptorLentToAStopIsBack() throws Exception {
        Path path = dir.resolve("worker.log");
        try (HeldLending lending = HeldLending.start()) {
            LogFile log = new LogFile(path);
            CompletableFuture<Void> made = CompletableFuture.runAsync(log::open, runnable -> {
                Thread drainer = new Thread(runnable, "drainer");
                drainer.start();
                await("the drainer to wait for the lending").atMost(Duration.ofSeconds(30))
                        .until(() -> drainer.getState() == Thread.State.WAITING || !drainer.isAlive());
            });
            assertThat(made).as("the log's creation while a descriptor is lent").isNotDone();
            assertThat(path).doesNotExist();

            lending.close();
            made.get(30, TimeUnit.SECONDS);
            log.close();
            assertThat(path).exists();
        }
    }

    @Test
    void isNotMadeWhenNoLineCameAndAnEarlierRunsFileAtItsPathGoes() throws IOException {
        Path none = dir.resolve("SomeTests/aTest/silent.log");
        Path stale = Files.writeString(dir.resolve("quiet.log"), "an earlier run's lines\n");

        for (Path path : List.of(none, stale)) {
            LogFile log = new LogFile(path);
            log.flush();
            log.close();
            assertThat(log.isMade()).isFalse();
            assertThat(log.failure()).isNull();
        }

        assertThat(none.getParent()).doesNotExist();
        assertThat(stale).doesNotExist();
    }

    @Test
    void makesTheDirectoriesOfAFirstLog() throws IOException {
        Path path = dir.resolve("SomeTests/aTest/worker.log");

        write(path, "hello\n");

        assertThat(Files.readString(path)).isEqualTo("[out] hello\n");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void replacesTheLogOfAnEarlierRunWithAnOwnerOnlyFile() throws IOException {
        Path path = Files.writeString(dir.resolve("worker.log"), "an earlier run's lines\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));

        write(path, "new\n");

        assertThat(Files.readString(path)).isEqualTo("[out] new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void replacesALinkPlantedAtItsPathInsteadOfWritingThroughIt() throws IOException {
        Path target = Files.writeString(dir.resolve("precious"), "untouched\n");
        Path path = Files.createSymbolicLink(dir.resolve("worker.log"), target);
        Path dangling = Files.createSymbolicLink(dir.resolve("other.log"), dir.resolve("nowhere"));

        write(path, "logged\n");
        write(dangling, "logged too\n");

        assertThat(Files.readString(target)).isEqualTo("untouched\n");
        assertThat(Files.isSymbolicLink(path)).isFalse();
        assertThat(Files.readString(path)).isEqualTo("[out] logged\n");
        assertThat(Files.isSymbolicLink(dangling)).isFalse();
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
        assertThat(Files.readString(dangling)).isEqualTo("[out] logged too\n");
    }

    @Test
    void marksEveryLineWhateverItsLengthAndWhereverTheBufferFills() throws IOException {
        Path path = dir.resolve("flood.log");
        LogFile log = new LogFile(path);
        StringBuilder expected = new StringBuilder();
        Random random = new Random(42);
        for (int read = 0; read < 400; read++) {
            OutputLine.Stream stream = read % 3 == 0 ? OutputLine.Stream.STDERR : OutputLine.Stream.STDOUT;
            StringBuilder lines = new StringBuilder();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                // empty lines, lines shorter and longer than a word or a few, now and then one longer than the buffer
                int kind = random.nextInt(50);
                int length = kind == 0 ? 300_000 + random.nextInt(1000)
                        : kind < 25 ? random.nextInt(40) : random.nextInt(400);
                String line = "x".repeat(length / 2) + (char) ('a' + i % 26) + "y".repeat(length - length / 2);
                lines.append(line).append('\n');
                expected.append(stream == OutputLine.Stream.STDOUT ? "[out] " : "[err] ").append(line).append('\n');
            }
            byte[] bytes = lines.toString().getBytes(StandardCharsets.US_ASCII);
            // the array may be longer than the lines handed over: what lies beyond them is never written
            byte[] padded = Arrays.copyOf(bytes, bytes.length + random.nextInt(16));
            Arrays.fill(padded, bytes.length, padded.length, (byte) '!');
            log.append(stream, padded, bytes.length);
        }
        log.close();

        assertThat(log.failure()).isNull();
        assertThat(Files.readString(path)).isEqualTo(expected.toString());
    }

    /**
     * A log that grew to full size gives its buffer back when it closes, and the next log that writes takes it
     * instead of growing one of its own: what the last log left in it never reaches the next one's file.
     */
    @Test
    void aFullSizeBufferGoesBackAtCloseAndTheNextLogWritesOnlyItsOwnLinesIntoIt() throws IOException {
        ChunkPool buffers = new ChunkPool(LogFile.BUFFER, 4);
        LogFile small = new LogFile(dir.resolve("small.log"), buffers);
        append(small, "little\n");
        small.close();
        assertThat(buffers.kept()).as("a log that never grew to full size gives nothing back").isZero();

        Path firstPath = dir.resolve("first.log");
        LogFile first = new LogFile(firstPath, buffers);
        String line = "a".repeat(99) + "\n";
        for (int i = 0; i < 3000; i++) { // 318,000 bytes with their marks: more than one full buffer
            append(first, line);
        }
        first.close();
        assertThat(buffers.kept()).isOne();
        assertThat(Files.readString(firstPath)).isEqualTo(("[out] " + line).repeat(3000));

        Path secondPath = dir.resolve("second.log");
        LogFile second = new LogFile(secondPath, buffers);
        append(second, "short\n");
        assertThat(buffers.kept()).as("the next log to write took it").isZero();
        second.close();
        assertThat(Files.readString(secondPath)).isEqualTo("[out] short\n");
        assertThat(buffers.kept()).isOne();
    }

    private static void append(LogFile log, String lines) {
        byte[] bytes = lines.getBytes(StandardCharsets.US_ASCII);
        log.append(OutputLine.Stream.STDOUT, bytes, bytes.length);
    }

    private static void write(Path path, String lines) {
        LogFile log = new LogFile(path);
        log.open();
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        log.append(OutputLine.Stream.STDOUT, bytes, bytes.length);
        log.close();
        assertThat(log.failure()).isNull();
    }
}
