package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Kernel files: read whole, keyed values found by their whole key")
class KernelFileTests {

    @TempDir
    Path dir;

    /** {@link KernelFile#read} or {@link KernelFile#readRecord}. */
    private interface Read {
        byte[] read(Path file, int initialSize) throws IOException;
    }

    @Test
    void readsAFileLongerThanTheFirstArrayWholeAsBytesOrAsOneRecord() throws IOException {
        String text = "x".repeat(1000) + "\n" + "y".repeat(123);
        Path file = Files.writeString(dir.resolve("long"), text);
        Path exact = Files.writeString(dir.resolve("exact"), "0123456789abcdef");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        for (Read reader : List.<Read>of(KernelFile::read, KernelFile::readRecord)) {
            assertThat(new String(reader.read(file, 16), StandardCharsets.US_ASCII)).isEqualTo(text);
            assertThat(reader.read(exact, 16)).hasSize(16);
            assertThat(reader.read(empty, 16)).isEmpty();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProcRecordLongerThanTheFirstArrayIsReadWhole() throws IOException {
        // /proc/self/status is one record of some 1,500 bytes: the first reads fill the array, the last leaves room
        String status = new String(KernelFile.readRecord(Paths.get("/proc/self/status"), 64), StandardCharsets.UTF_8);
        assertThat(status).startsWith("Name:\t").contains("\nPid:\t" + ProcessHandle.current().pid() + "\n")
                .endsWith("\n").contains("nonvoluntary_ctxt_switches:");
    }

    @Test
    void aRecordLikelyThereIsReadAndIsNullWhenItIsNot() throws IOException {
        Path file = Files.writeString(dir.resolve("stat"), "1 (x) S 0");
        assertThat(new String(KernelFile.readRecordUnlessGoneLikelyThere(file, 4), StandardCharsets.US_ASCII))
                .isEqualTo("1 (x) S 0");
        assertThat(KernelFile.readRecordUnlessGoneLikelyThere(dir.resolve("gone"), 16)).isNull();
        assertThat(KernelFile.readRecordUnlessGoneLikelyThere(dir.resolve("gone/stat"), 16)).isNull();
        assertThat(KernelFile.readRecordUnlessGone(file, 4)).isEqualTo(
                KernelFile.readRecordUnlessGoneLikelyThere(file, 4));
        assertThat(KernelFile.readRecordUnlessGone(dir.resolve("gone/stat"), 16)).isNull();
    }

    /**
     * A record read through a kept descriptor is read from the start each time, whole, whatever the first buffer's
     * size: what the file holds now, not what followed the last read.
     */
    @Test
    void aRecordReadThroughAKeptDescriptorIsReadAnewAndWhole() throws IOException {
        Path file = Files.writeString(dir.resolve("events"), "populated 1\nfrozen 0\n");
        try (FileChannel kept = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(KernelFile.keyedValue(KernelFile.readRecord(kept, 4), "populated")).isEqualTo(1);
            Files.writeString(file, "populated 0\nfrozen 0\n" + "x".repeat(300));
            byte[] now = KernelFile.readRecord(kept, 4);
            assertThat(now).hasSize(321);
            assertThat(KernelFile.keyedValue(now, "populated")).isZero();
            Files.writeString(file, "");
            assertThat(KernelFile.readRecord(kept, 4)).isEmpty();
        }
    }

    /** A kernel-made record read twice through one descriptor: the second read has the kernel make it anew. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aKernelRecordReadThroughAKeptDescriptorIsMadeAnewEachTime() throws IOException {
        try (FileChannel uptime = FileChannel.open(Paths.get("/proc/uptime"), StandardOpenOption.READ)) {
            String first = new String(KernelFile.readRecord(uptime, 8), StandardCharsets.US_ASCII);
            String second = new String(KernelFile.readRecord(uptime, 8), StandardCharsets.US_ASCII);
            assertThat(first).matches("[0-9.]+ [0-9.]+\n");
            assertThat(second).matches("[0-9.]+ [0-9.]+\n");
        }
    }

    @Test
    void aMissingFileIsAnIoException() {
        assertThatThrownBy(() -> KernelFile.read(dir.resolve("gone"), 16)).isInstanceOf(IOException.class);
    }

    @Test
    void readIfPresentGivesTheContentOrNullForAMissingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("stat"), "1 (x) S 0");
        assertThat(new String(KernelFile.readIfPresent(file, 4), StandardCharsets.US_ASCII)).isEqualTo("1 (x) S 0");
        assertThat(KernelFile.readIfPresent(dir.resolve("gone"), 16)).isNull();
        assertThat(KernelFile.readIfPresent(dir.resolve("gone/stat"), 16)).isNull();
    }

    @Test
    void aByteIsFoundOnlyWithinTheRangeAskedAndTheRangesEndStandsForNone() {
        byte[] bytes = "a b\nc d\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(KernelFile.indexOf(bytes, 0, bytes.length, (byte) '\n')).isEqualTo(3);
        assertThat(KernelFile.indexOf(bytes, 4, bytes.length, (byte) '\n')).isEqualTo(7);
        assertThat(KernelFile.indexOf(bytes, 4, 6, (byte) '\n')).isEqualTo(6);
        assertThat(KernelFile.indexOf(bytes, 8, bytes.length, (byte) '\n')).isEqualTo(8);
        assertThat(KernelFile.indexOf(bytes, 0, 0, (byte) 'a')).isZero();
    }

    @Test
    void anEntryIsFoundByItsWholeKeyAndSeparator() {
        String longer = "CHILDPROOF_COOKIE_X=1";
        String exact = "CHILDPROOF_COOKIE=cp1.a";
        String bare = "CHILDPROOF_COOKIE";
        byte[] environ = (longer + "\0" + exact + "\0" + bare).getBytes(StandardCharsets.US_ASCII);
        int second = longer.length() + 1;
        int third = second + exact.length() + 1;
        assertThat(KernelFile.startsWith(environ, 0, longer.length(), "CHILDPROOF_COOKIE", '=')).isFalse();
        assertThat(KernelFile.startsWith(environ, second, third - 1, "CHILDPROOF_COOKIE", '=')).isTrue();
        assertThat(KernelFile.startsWith(environ, third, environ.length, "CHILDPROOF_COOKIE", '=')).isFalse();
    }

    @Test
    void aKeyedValueIsFoundByItsWholeKeyAndIsZeroWhenMissing() throws IOException {
        Path stat = Files.writeString(dir.resolve("cgroup.stat"),
                "nr_descendants_total 9\nnr_dying_descendants 3\nnr_descendants 2\npopulated 1");
        assertThat(KernelFile.keyedValue(stat, "nr_descendants")).isEqualTo(2);
        assertThat(KernelFile.keyedValue(stat, "nr_dying_descendants")).isEqualTo(3);
        assertThat(KernelFile.keyedValue(stat, "populated")).isEqualTo(1);
        assertThat(KernelFile.keyedValue(stat, "frozen")).isZero();
        assertThat(KernelFile.keyedValue(dir.resolve("gone"), "populated")).isZero();
    }

    @Test
    void numbersAreReadWhateverSeparatesThem() throws IOException {
        assertThat(KernelFile.numbers(Files.writeString(dir.resolve("cgroup.procs"), "12\n345\n6789\n")))
                .containsExactly(12L, 345L, 6789L);
        assertThat(KernelFile.numbers(Files.writeString(dir.resolve("children"), "41 42 ")))
                .containsExactly(41L, 42L);
        assertThat(KernelFile.numbers(Files.writeString(dir.resolve("none"), ""))).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void procFilesOfALiveProcessAreReadWhole() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            OperatingSystem os = OperatingSystem.current();
            List<Long> pids = os.allPids();
            assertThat(pids).contains(ProcessHandle.current().pid(), sleeper.pid());
            assertThat(os.startTime(sleeper.pid())).isPresent();
            assertThat(os.commandLine(sleeper.pid())).isEqualTo("sleep 30");
            assertThat(os.lastCreatedPid()).isPresent();
            assertThat(os.lastCreatedPid().getAsLong()).isGreaterThanOrEqualTo(sleeper.pid());
            assertThat(os.environmentVariable(sleeper.pid(), "PATH")).contains(System.getenv("PATH"));
            assertThat(os.environmentVariable(sleeper.pid(), "PAT")).isEmpty();
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aGoneProcessReadsAsGone() throws Exception {
        Process quick = new ProcessBuilder("true").start();
        quick.waitFor(10, TimeUnit.SECONDS);
        OperatingSystem os = OperatingSystem.current();
        assertThat(os.startTime(quick.pid())).isEmpty();
        assertThat(os.isSuspended(quick.pid())).isFalse();
        assertThat(os.isGone(quick.pid())).isTrue();
        assertThat(os.environmentVariable(quick.pid(), "PATH")).isEmpty();
    }
}
