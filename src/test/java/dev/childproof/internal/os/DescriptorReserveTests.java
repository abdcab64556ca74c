package dev.childproof.internal.os;

import dev.childproof.testkit.HeldLending;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The reserve's lending, in a JVM with descriptors to spare (using them all up here would fail the tests that run
 * alongside): {@code DescriptorExhaustionTests} runs it in a JVM that has none.
 */
@DisplayName("Descriptor reserve: lent to one action at a time, taken again after it")
@EnabledOnOs(OS.LINUX)
class DescriptorReserveTests {

    @Test
    void isHeldOnceTheOperatingSystemIsInUseAndAgainAfterEachLending() throws IOException {
        OperatingSystem.current();
        assertThat(DescriptorReserve.isHeld()).isTrue();

        assertThat(DescriptorReserve.lend(() -> new String(KernelFile.read(Paths.get("/proc/self/stat"), 64),
                StandardCharsets.US_ASCII))).startsWith(ProcessHandle.current().pid() + " ");
        assertThat(DescriptorReserve.isHeld()).isTrue();
    }

    @Test
    void anActionThatKeepsFailingIsTriedAFewTimesAndItsFailureThrown() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> DescriptorReserve.lend(() -> {
            tries.incrementAndGet();
            throw new IOException("Too many open files");
        })).isInstanceOf(IOException.class).hasMessage("Too many open files");

        assertThat(tries).hasValue(DescriptorReserve.ATTEMPTS);
        assertThat(DescriptorReserve.isHeld()).isTrue();
    }

    /**
     * Another process's cleanup reading {@code /proc} while a lending is on would take the descriptor just given back
     * for the lending's action (in a JVM that has no other): it waits for the lending to end instead. Before, it read
     * at once; with the drainers' log files and a SIGTERM not tried again, 3 cleanups in 160 under load lost a
     * graceful stop so.
     */
    @Test
    void anOpenOfTheCleanupPathsWaitsWhileALendingIsOn() throws Exception {
        try (HeldLending lending = HeldLending.start()) {
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    read.complete(KernelFile.read(Paths.get("/proc/self/stat"), 64));
                } catch (IOException | RuntimeException e) {
                    read.completeExceptionally(e);
                }
            }, "reader");
            reader.start();

            await("the reader to wait for the lending").atMost(Duration.ofSeconds(30))
                    .until(() -> reader.getState() == Thread.State.WAITING || read.isDone());
            assertThat(read).as("the read while the lending is on").isNotDone();

            lending.close();
            assertThat(read.get(30, TimeUnit.SECONDS)).isNotEmpty();
        }
        assertThat(DescriptorReserve.isHeld()).isTrue();
    }
}
