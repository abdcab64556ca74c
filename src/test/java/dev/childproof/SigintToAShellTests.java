package dev.childproof;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("StopMethod.SIGINT reaches the process alone, not its process group as Ctrl-C does")
class SigintToAShellTests {

    @Test
    void aShellWaitingForACommandIsNotStoppedBySigintAndTheLadderGoesOnToSigterm() {
        ChildproofTestKit.executeTestClass(ShellTestCase.class).hasTests(1, 0);
    }

    static class ShellTestCase {
        @Test
        void shell(@SpawnedProcess(command = {"sh", "-c", "echo up; sleep 300; echo after"}, readyWhen = "up",
                stopMethod = StopMethod.SIGINT, stopTimeout = "1s") ChildProcess shell) {
            // the shell must be waiting for sleep before SIGINT arrives: before, a SIGINT ends it (the default
            // action), as it did once in CI when the stop followed "up" before the shell had started sleep
            await("the shell to wait for its sleep").atMost(Duration.ofSeconds(30)).until(() ->
                    ProcessHandle.of(shell.pid()).orElseThrow().children().findAny().isPresent()
                            && waitsForAChild(shell.pid()));
            shell.stop(Duration.ofSeconds(1));
            // Ctrl-C in a terminal would have interrupted sleep too, and bash with it, at once
            assertThat(shell.endedBy()).contains(StopRung.SIGTERM);
            assertThat(shell.output().lines()).containsExactly("up");
        }

        /** Whether the process sleeps in the kernel's wait for a child ({@code do_wait}, as its wchan says). */
        private static boolean waitsForAChild(long pid) throws IOException {
            return Files.readString(Paths.get("/proc", Long.toString(pid), "wchan")).trim().equals("do_wait");
        }
    }
}
