package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Isolated("@DetectProcessLeaks counts every child of the test JVM")
@DisplayName("@DetectProcessLeaks never takes Childproof's own kill command (Java 17-21 signals) for a leak")
class LeakDetectionSignalHelperTests {

    static final AtomicBoolean checksDone = new AtomicBoolean();

    @Test
    void aKillCommandOfAnotherTestsStopIsNotALeak() {
        assumeTrue(Runtime.version().feature() < 22, "before Java 22, SIGINT is sent by running kill");
        checksDone.set(false);
        var results = ChildproofTestKit.executeTestClassInParallel(StopsBySigintWhileCheckedTestCase.class, 2);
        List<String> failures = results.raw().testEvents().failed().list().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(String::valueOf).orElse("?"))
                .collect(Collectors.toList());
        assertThat(failures).isEmpty();
    }

    @Childproof
    static class StopsBySigintWhileCheckedTestCase {
        @Test
        void stopsBySigint(ProcessSpawner spawner) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!checksDone.get() && System.nanoTime() < end) {
                spawner.command("sleep", "60").stopMethod(StopMethod.SIGINT).spawn().stop();
            }
        }

        @RepeatedTest(60)
        @DetectProcessLeaks
        void checked(org.junit.jupiter.api.RepetitionInfo repetition) {
            await().pollDelay(Duration.ofMillis(30)).atMost(Duration.ofSeconds(1)).until(() -> true);
            if (repetition.getCurrentRepetition() == repetition.getTotalRepetitions()) {
                checksDone.set(true);
            }
        }
    }
}
