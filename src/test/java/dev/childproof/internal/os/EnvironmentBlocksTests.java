package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a {@code /proc} made of plain files: what an exec in progress looks like (no environment, no command line, a
 * live process that is no kernel thread) is waited out; nothing else is.
 */
@DisplayName("Environment blocks: an exec in progress is waited out, nothing else")
class EnvironmentBlocksTests {

    /** Longer than any test here may take: a read that waits for it shows as a timeout. */
    private static final Duration NEVER = Duration.ofSeconds(60);
    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static final String COOKIE = "CHILDPROOF_COOKIE=cp1.x.1.2\0A=b\0";

    @TempDir
    Path proc;

    private void process(long pid, String state, long flags, String environ, String commandLine)
            throws IOException {
        Path directory = Files.createDirectories(proc.resolve(Long.toString(pid)));
        StringBuilder stat = new StringBuilder(pid + " (sleep) " + state + " 1 " + pid + " " + pid + " 0 -1 " + flags);
        for (int field = 10; field <= 22; field++) {
            stat.append(' ').append(field);
        }
        Files.writeString(directory.resolve("stat"), stat.append('\n'));
        Files.writeString(directory.resolve("environ"), environ, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("cmdline"), commandLine, StandardCharsets.UTF_8);
    }

    @Test
    void aProcessInTheMiddleOfAnExecIsReadOnceItsNewProgramHasItsEnvironment() throws Exception {
        process(300, "R", 0x400000, "", "");
        AtomicReference<Thread> reader = new AtomicReference<>();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            reader.set(Thread.currentThread());
            return new EnvironmentBlocks(proc, NEVER).read(300);
        });
        // parked between looks: it took the process for one in the middle of an exec
        await().atMost(GENEROUS).until(() -> reader.get() != null
                && reader.get().getState() == Thread.State.TIMED_WAITING);
        Files.writeString(proc.resolve("300").resolve("environ"), COOKIE);
        Files.writeString(proc.resolve("300").resolve("cmdline"), "sleep\0300\0");
        assertThat(new String(read.get(GENEROUS.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo(COOKIE);
    }

    @Test
    void aProgramStartedWithAnEmptyEnvironmentIsNotWaitedFor() throws Exception {
        process(301, "S", 0x400000, "", "sleep\0300\0");
        assertThat(readWithin(301)).isEmpty();
    }

    @Test
    void aKernelThreadIsNotWaitedFor() throws Exception {
        process(302, "S", 0x00208040, "", "");
        assertThat(readWithin(302)).isEmpty();
    }

    @Test
    void aZombieIsNotWaitedFor() throws Exception {
        process(303, "Z", 0x400000, "", "");
        assertThat(readWithin(303)).isEmpty();
    }

    @Test
    void aProcessWithAnEnvironmentIsReadAtOnceAndAGoneOneIsNull() throws Exception {
        process(304, "S", 0x400000, COOKIE, "sleep\0");
        assertThat(new String(readWithin(304), StandardCharsets.UTF_8)).isEqualTo(COOKIE);
        assertThat(new EnvironmentBlocks(proc, NEVER).read(305)).isNull();
    }

    /** Reads with a wait of a minute, which must not be waited for: the read ends well before. */
    private byte[] readWithin(long pid) throws Exception {
        return CompletableFuture.supplyAsync(() -> new EnvironmentBlocks(proc, NEVER).read(pid))
                .get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
    }
}
