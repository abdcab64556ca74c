package dev.childproof;

import dev.childproof.fixtures.StopsLate;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("@StopsWithin and the test's own stop: stop() waits the deadline, forcing before it is no miss")
class StopsWithinForcedByTheTestTests {

    static final String TIME = "\\d+(?:\\.\\d)?(?:ms|s|m)";
    static final String NL = System.lineSeparator();

    @Test
    void stopWaitsTheDeadlineNotAShorterStopTimeout() {
        ChildproofTestKit.executeTestClass(ShorterStopTimeoutTestCase.class).hasTests(1, 0);
    }

    @Test
    void aStopWithAShorterWaitBeforeTheDeadlineIsNoMiss() {
        ChildproofTestKit.executeTestClass(ShorterStopWaitTestCase.class).hasTests(1, 0);
    }

    @Test
    void aKillRightAfterTheStopRequestIsNoMiss() {
        ChildproofTestKit.executeTestClass(KillAfterRequestTestCase.class).hasTests(1, 0);
    }

    @Test
    void aStopWithALongerWaitThatForcesItPastTheDeadlineIsAMiss() {
        ChildproofTestKit.executeTestClass(LongerStopWaitTestCase.class).hasSingleFailedTest()
                .withMessageMatching("@StopsWithin\\(500ms\\) missed by process \\[slow\\] \\(pid \\d+\\): it did not"
                        + " stop on its own within 500ms of its stop request and was ended by SIGTERM after " + TIME
                        + "; killed by SIGTERM \\(exit code 143\\)\\." + NL + "Timeline:.*");
    }

    static class ShorterStopTimeoutTestCase {
        @Test
        void test(@StopsWithin("3s") @SpawnedProcess(main = StopsLate.class, args = "1500", readyWhen = "ready",
                stopTimeout = "500ms") ChildProcess slow) {
            assertThat(slow.stop()).hasToString("exited with code 0");
            assertThat(slow.endedBy()).as("%s", slow.timeline()).contains(StopRung.STOP_EVENT);
        }
    }

    static class ShorterStopWaitTestCase {
        @Test
        void test(@StopsWithin("3s") @SpawnedProcess(main = StopsLate.class, args = "1500", readyWhen = "ready")
                ChildProcess slow) {
            assertThat(slow.stop(Duration.ofMillis(300))).hasToString("killed by SIGTERM (exit code 143)");
        }
    }

    static class LongerStopWaitTestCase {
        @Test
        void test(@StopsWithin("500ms") @SpawnedProcess(main = StopsLate.class, args = "5000", readyWhen = "ready")
                ChildProcess slow) {
            assertThat(slow.stop(Duration.ofMillis(1000))).hasToString("killed by SIGTERM (exit code 143)");
        }
    }

    static class KillAfterRequestTestCase {
        @Test
        void test(@StopsWithin("2s") @SpawnedProcess(main = StopsLate.class, args = "1500", readyWhen = "ready")
                ChildProcess slow) {
            slow.stopEvent().set();
            assertThat(slow.kill()).hasToString("killed by SIGKILL (exit code 137)");
        }
    }
}
