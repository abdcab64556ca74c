package dev.childproof;

import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launched process shares the test JVM's process group, as with {@code ProcessBuilder}: a script's
 * {@code trap 'kill 0' EXIT} would signal the test JVM and the build (README, FAQ). What README advises instead, a
 * command under {@code setsid}, keeps that signal in the script's own group, and the extension launches, waits for
 * and cleans up such a command as any other.
 */
@DisplayName("A child that signals its process group (kill 0) under setsid, as README advises: its own jobs only")
class ProcessGroupSignalTests {

    @Test
    void aScriptThatEndsItsJobsWithKill0UnderSetsidLeavesTheTestJvmRunning() throws Exception {
        // the fixture's JVM in a session of its own too, so that a kill 0 that escaped reaches that JVM, not this one
        try (TestJvm jvm = TestJvm.runningUnder(List.of("setsid"), KillZeroTestCase.class)) {
            assertThat(jvm.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.lines()).as("exit %s", jvm.process().exitValue())
                    .contains("tests succeeded 2, failed 0");
            assertThat(jvm.process().exitValue()).isZero();
        }
    }

    static class KillZeroTestCase {
        @Test
        void endsItsBackgroundJobsOnExit(@SpawnedProcess(command = {"setsid", "sh", "-c",
                "trap 'kill 0' EXIT; sleep 300 & echo done"}) ChildProcess script) {
            assertThat(script.join(Duration.ofSeconds(30))).isPresent();
            assertThat(script.output().lines()).containsExactly("done");
        }

        @Test
        void runsAfterwards() {
        }
    }
}
