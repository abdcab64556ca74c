package dev.childproof.internal.os;

import dev.childproof.ChildProcess;
import dev.childproof.Signal;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.stop.ParentStopEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aHandlesSuspendResumeAndOtherSignalsFailInOneSentenceAndSendNothing(@TempDir Path logs) throws Exception {
        SpawnedProcess declared = Holder.class.getDeclaredField("sleeper").getAnnotation(SpawnedProcess.class);
        ManagedProcess process = new ManagedProcess(DeclarationReader.read(declared, "field [sleeper]", "sleeper",
                Optional.empty(), Settings.DEFAULTS), new ParentStopEvent("sleeper"), logs.resolve("sleeper.log"),
                windows);
        process.start();
        try {
            String only = ", which Windows cannot send; there a process can only be terminated (stop(), SIGTERM,"
                    + " SIGINT) or killed (kill(), SIGKILL).";
            assertThatThrownBy(process::suspend).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("suspend() on process [sleeper] needs SIGSTOP" + only);
            assertThatThrownBy(process::resume).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("resume() on process [sleeper] needs SIGCONT" + only);
            assertThatThrownBy(() -> process.signal(Signal.SIGUSR1)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("signal(SIGUSR1) on process [sleeper] needs SIGUSR1" + only);
            assertThat(process.isAlive()).isTrue();
            assertThat(process.timeline().toString()).doesNotContain("suspended", "resumed", "SIGUSR1");

            process.signal(Signal.SIGINT); // terminates, as on Windows
            assertThat(process.join().isSuccess()).isFalse();
        } finally {
            process.end();
            ((ParentStopEvent) process.stopEvent()).close();
        }
    }

    static final class Holder {
        @SpawnedProcess(command = {"sleep", "30"})
        ChildProcess sleeper;
    }
}
