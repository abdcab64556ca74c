package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows has no signals: README's OS table says terminate and kill only. The Windows implementation is run here on
 * a POSIX system, where its {@link ProcessHandle} calls behave as there (they end the process).
 */
@DisplayName("Windows: only terminate (TERM, INT) and kill are delivered; no other signal name ends the process")
@DisabledOnOs(OS.WINDOWS)
class WindowsSignalsTests {

    private final OperatingSystem windows = new PortableOperatingSystem(false);

    @Test
    void suspendResumeAndOtherSignalsAreNotDeliveredAndDoNotEndTheProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            for (String name : new String[] {"STOP", "CONT", "USR1", "WINCH", "HUP"}) {
                assertThat(windows.signal(sleeper.pid(), name)).as(name).isFalse();
                assertThat(sleeper.waitFor(100, TimeUnit.MILLISECONDS)).as("ended by " + name).isFalse();
            }
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void terminateAndKillEndTheProcess() throws Exception {
        for (String name : new String[] {"TERM", "INT", "KILL"}) {
            Process sleeper = new ProcessBuilder("sleep", "30").start();
            try {
                assertThat(windows.signal(sleeper.pid(), name)).as(name).isTrue();
                assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("ended by " + name).isTrue();
            } finally {
                sleeper.destroyForcibly().waitFor();
            }
        }
    }
}
