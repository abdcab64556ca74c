package dev.childproof;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
            shell.stop(Duration.ofSeconds(1));
            // Ctrl-C in a terminal would have interrupted sleep too, and bash with it, at once
            assertThat(shell.endedBy()).contains(StopRung.SIGTERM);
            assertThat(shell.output().lines()).containsExactly("up");
        }
    }
}
