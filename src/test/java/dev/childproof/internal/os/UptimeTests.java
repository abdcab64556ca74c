package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("/proc/uptime: the start time a process started now would have")
class UptimeTests {

    private static OptionalLong hundredths(String line) {
        return LinuxOperatingSystem.hundredths(line.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTheFirstFieldInHundredths() {
        assertThat(hundredths("22622.92 20201.92\n")).hasValue(2262292);
        assertThat(hundredths("0.05 0.01\n")).hasValue(5);
    }

    @Test
    void aCutOrNonNumericFieldIsNone() {
        assertThat(hundredths("22622.9")).isEmpty();
        assertThat(hundredths("22622")).isEmpty();
        assertThat(hundredths("x.92 1.00\n")).isEmpty();
        assertThat(hundredths(".92 1.00\n")).isEmpty();
        assertThat(hundredths("")).isEmpty();
    }

    /** The reading and the start times count the same clock in the same ticks, around a real launch. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aProcessStartedBetweenTwoReadingsHasAStartTimeBetweenThem() throws Exception {
        LinuxOperatingSystem os = new LinuxOperatingSystem();
        long before = os.startTimeNow().orElseThrow();
        Process started = new ProcessBuilder("sleep", "5").start();
        try {
            long start = os.startTime(started.pid()).orElseThrow();
            long after = os.startTimeNow().orElseThrow();
            assertThat(start).isBetween(before, after);
            assertThat(os.startTime(ProcessHandle.current().pid()).orElseThrow()).isLessThanOrEqualTo(before);
        } finally {
            started.destroyForcibly();
            started.waitFor();
        }
    }
}
