package dev.childproof;

import dev.childproof.fixtures.ExitWith;
import dev.childproof.fixtures.SleepForever;
import dev.childproof.fixtures.StopAware;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("@SpawnedProcess: injection, targets and cleanup")
class FoundationTests {

    @Test
    void launchesFieldsAndParametersAndEndsThemAfterTheTest() {
        ChildproofTestKit.executeTestClass(WorkerTestCase.class).hasTests(1, 0);
    }

    @Test
    void staticProcessesLiveForTheClassAndInstanceProcessesForOneTest() {
        LifecycleTestCase.events.clear();
        ChildproofTestKit.executeTestClass(LifecycleTestCase.class).hasTests(2, 0);
        assertThat(LifecycleTestCase.events).containsExactly(
                "beforeAll static alive", "beforeEach instance alive", "test", "afterEach instance alive",
                "beforeEach instance alive", "test", "afterEach instance alive", "afterAll static alive");
    }

    @Test
    void cleansUpWhenTheTestFails() {
        var results = ChildproofTestKit.executeTestClass(FailingTestCase.class);
        results.hasSingleFailedTest().withMessage("the test failed on purpose");
        assertThat(results.launched()).hasSize(2);
    }

    static class WorkerTestCase {
        @SpawnedProcess(main = StopAware.class, args = "7")
        ChildProcess worker;

        @SpawnedProcess(command = {"python3", "-c", "import time; time.sleep(60)"})
        static ChildProcess sleeper;

        @Test
        void endsCleanly(@SpawnedProcess(command = {"sh", "-c", "exit 3"}) ChildProcess quick) {
            assertEquals(3, quick.join().code());
            assertEquals("exited with code 3", quick.join().toString());
            assertThat(worker.isAlive()).isTrue();
            assertThat(sleeper.isAlive()).isTrue();
            assertThat(worker.name()).isEqualTo("worker");
            assertThat(quick.name()).isEqualTo("quick");
            worker.awaitLine("ready", Duration.ofSeconds(30));
            assertThat(worker.stop().code()).isEqualTo(7);
            assertThat(worker.endedBy()).contains(StopRung.STOP_EVENT);
        }
    }

    static class LifecycleTestCase {
        static final List<String> events = new ArrayList<>();

        @SpawnedProcess(main = SleepForever.class, daemon = true)
        static ChildProcess shared;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess perTest;

        @BeforeAll
        static void beforeAll() {
            events.add("beforeAll static " + (shared.isAlive() ? "alive" : "dead"));
        }

        @BeforeEach
        void beforeEach() {
            events.add("beforeEach instance " + (perTest.isAlive() ? "alive" : "dead"));
        }

        @Test
        void one() {
            events.add("test");
        }

        @Test
        void two() {
            events.add("test");
        }

        @AfterEach
        void afterEach() {
            events.add("afterEach instance " + (perTest.isAlive() ? "alive" : "dead"));
        }

        @AfterAll
        static void afterAll() {
            events.add("afterAll static " + (shared.isAlive() ? "alive" : "dead"));
        }
    }

    static class FailingTestCase {
        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; sleep 60 & wait"}, killTimeout = "200ms",
                stopTimeout = "200ms")
        ChildProcess stubborn;

        @SpawnedProcess(main = SleepForever.class)
        ChildProcess sleeper;

        @Test
        void fails() {
            throw new AssertionError("the test failed on purpose");
        }
    }
}
