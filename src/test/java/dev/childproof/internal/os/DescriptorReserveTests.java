package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
