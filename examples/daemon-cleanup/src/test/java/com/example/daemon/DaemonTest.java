package com.example.daemon;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DaemonTest {

    private static long daemonPid;

    @Test
    void theLauncherExitsAndItsDaemonLivesOn(
            @SpawnedProcess(command = {"python3", "src/test/python/daemonize.py"}) ChildProcess launcher) {
        assertThat(launcher.join().code()).isZero();
        String line = launcher.awaitLine("^daemon pid \\d+$", Duration.ofSeconds(5));
        daemonPid = Long.parseLong(line.substring("daemon pid ".length()));

        Optional<ProcessHandle> daemon = ProcessHandle.of(daemonPid);
        assertThat(daemon).as("the daemon runs on after its launcher exited").hasValueSatisfying(handle -> {
            assertThat(handle.isAlive()).isTrue();
            assertThat(handle.parent().map(ProcessHandle::pid)).isNotEqualTo(Optional.of(launcher.pid()));
        });
        System.out.println("[daemon-cleanup] launcher " + launcher.pid() + " exited; daemon " + daemonPid
                + " escaped its tree");
    }

    /**
     * Runs after the test's processes were cleaned up: the escaped daemon was found by its cookie and killed. It
     * was not our child, so until init reaps it, it may linger a moment as a zombie that ProcessHandle still calls
     * alive: hence the wait.
     */
    @AfterAll
    static void theDaemonIsGoneAfterTheTest() {
        assertThat(daemonPid).isPositive();
        await("daemon " + daemonPid + " gone").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(daemonPid).filter(ProcessHandle::isAlive).isEmpty());
        System.out.println("[daemon-cleanup] daemon " + daemonPid + " is gone after the test");
    }
}
