package dev.childproof.torture;

import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short default torture run inside the build: every scenario once at small sizes, all invariants. In a JVM of
 * its own, since the invariants look at every process and thread of its run: there it has the run to itself, and the
 * rest of the suite runs beside it (it was {@code @Isolated}, 35 s a run with nothing else running).
 */
@DisplayName("Torture, short run")
class TortureSmokeTests {

    @Test
    void everyScenarioOnceWithNothingLeakedAndNothingLost() throws Exception {
        try (TestJvm jvm = TestJvm.runningMain(TortureRunner.class, "1", "smoke", "target/torture-smoke")) {
            int exit = jvm.awaitExit(Duration.ofMinutes(10));
            jvm.lines().stream().filter(line -> line.startsWith("torture run")).forEach(System.err::println);
            assertThat(exit).as("the run's exit code; its lines: %s", String.join("\n", jvm.lines())).isZero();
        }
    }
}
