package dev.childproof.internal.os;

import dev.childproof.testkit.OpenFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
@DisplayName("Kernel files read through a kept descriptor: one descriptor, the record made anew, interrupts survived")
class KeptRecordFileTests {

    private static final Path LOADAVG = Paths.get("/proc/loadavg");
    private static final String RECORD = "0.52 0.58 0.59 2/345 12345\n";

    @TempDir
    Path dir;

    @Test
    void eachReadThroughTheKeptDescriptorSeesTheRecordAsItIsNow() throws Exception {
        KeptRecordFile loadavg = new KeptRecordFile(LOADAVG, 8); // smaller than the record: the buffer grows
        long before = LinuxOperatingSystem.lastField(loadavg.read()).orElseThrow();
        Process launched = new ProcessBuilder("true").start();
        launched.waitFor();
        long after = LinuxOperatingSystem.lastField(loadavg.read()).orElseThrow();
        // pids go up until they wrap at the system's maximum, past which the launch's is the lower one
        assertThat(after).as("the last pid after launching pid %d, %d before", launched.pid(), before)
                .satisfiesAnyOf(pid -> assertThat(pid).isGreaterThanOrEqualTo(launched.pid()).isGreaterThan(before),
                        pid -> assertThat(launched.pid()).isLessThan(before));
    }

    @Test
    void manyReadsHoldOneDescriptor() throws Exception {
        Path file = Files.writeString(dir.resolve("record"), RECORD);
        KeptRecordFile record = new KeptRecordFile(file, 64);
        for (int i = 0; i < 20; i++) {
            assertThat(record.read()).asString(StandardCharsets.US_ASCII).isEqualTo(RECORD);
        }
        assertThat(OpenFiles.countOn(file)).isEqualTo(1);
    }

    @Test
    void anInterruptedReaderStillGetsTheRecordAndKeepsItsInterrupt() throws Exception {
        Path file = Files.writeString(dir.resolve("record"), RECORD);
        KeptRecordFile record = new KeptRecordFile(file, 64);
        record.read();
        assertThat(OpenFiles.countOn(file)).as("kept").isEqualTo(1);
        // an interrupted thread's read closes the channel (ClosedByInterruptException): read the usual way instead
        Object[] seen = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt();
            try {
                String read = new String(record.read(), StandardCharsets.US_ASCII);
                return new Object[] {read, Thread.interrupted()};
            } catch (IOException e) {
                Thread.interrupted();
                throw new UncheckedIOException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(seen).as("read, still interrupted").containsExactly(RECORD, true);
        assertThat(OpenFiles.countOn(file)).as("the closed descriptor let go").isZero();
        assertThat(record.read()).asString(StandardCharsets.US_ASCII).isEqualTo(RECORD);
        assertThat(OpenFiles.countOn(file)).as("kept again by the next read").isEqualTo(1);
    }
}
