package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("/proc/loadavg: the pid the kernel handed out last")
class LoadavgTests {

    private static OptionalLong lastField(String line) {
        return LinuxOperatingSystem.lastField(line.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTheLastFieldOfTheLine() {
        assertThat(lastField("0.52 0.58 0.59 2/345 12345\n")).hasValue(12345);
        assertThat(lastField("0.00 0.01 0.05 1/80 7  \n\n")).hasValue(7);
        assertThat(lastField("4194304")).hasValue(4194304);
        assertThat(lastField("0 0 0 1/1 " + Long.MAX_VALUE)).hasValue(Long.MAX_VALUE);
    }

    @Test
    void aLastFieldThatIsNoNumberIsNoPid() {
        assertThat(lastField("0.52 0.58 0.59 2/345 12x45\n")).isEmpty();
        assertThat(lastField("0.52 0.58 0.59 2/345 -1\n")).isEmpty();
        assertThat(lastField("0.52 0.58 0.59 2/345 12345678901234567890\n")).isEmpty();
        assertThat(lastField("0.52 0.58 0.59 2/345 \n")).isEmpty();
        assertThat(lastField("")).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisSystemsLastPidIsAtLeastThatOfAProcessJustStarted() throws Exception {
        Process started = new ProcessBuilder("true").start();
        started.waitFor();
        OptionalLong last = new LinuxOperatingSystem().lastCreatedPid();
        assertThat(last).isPresent();
        // pids wrap around at pid_max, so a smaller one is possible, if rarely: then it is still a pid
        assertThat(last.getAsLong()).isPositive();
    }
}
