package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("@SharedStopEvent")
class SharedStopEventTests {

    static final String STOP_LOOP = ProcessSpawnerTests.STOP_LOOP;

    @Test
    void aTestGetsTheEventItsProcessesShareAndSettingItStopsThemAll() {
        ChildproofTestKit.executeTestClass(PoolTestCase.class).hasTests(1, 0);
    }

    @Test
    void aParameterGetsTheEventOfTheNearestScopeThatHasIt() {
        ChildproofTestKit.executeTestClass(ClassEventTestCase.class).hasTests(1, 0);
    }

    @Test
    void spawnedProcessesJoinAnEventInjectedBeforeThem() {
        ChildproofTestKit.executeTestClass(SpawnedLaterTestCase.class).hasTests(1, 0);
    }

    @Test
    void aParameterOfAnotherTypeIsAnError() {
        ChildproofTestKit.executeTestClass(WrongTypeTestCase.class).hasSingleFailedTest().withMessage(
                "@SharedStopEvent parameter [String pool] of method [WrongTypeTestCase.run] has type String; declare"
                        + " it as StopEvent.");
    }

    @Test
    void anEmptyNameIsAnError() {
        ChildproofTestKit.executeTestClass(EmptyNameTestCase.class).hasSingleFailedTest().withMessage(
                "@SharedStopEvent parameter [StopEvent pool] of method [EmptyNameTestCase.run] has an empty name;"
                        + " give the name the processes use in @SpawnedProcess(stopEvent = ...).");
    }

    static class PoolTestCase {
        @SpawnedProcess(command = {"sh", "-c", STOP_LOOP}, stopMethod = StopMethod.EVENT, stopEvent = "pool")
        ChildProcess fieldWorker;

        @Test
        void run(@SpawnedProcess(command = {"sh", "-c", STOP_LOOP}, stopMethod = StopMethod.EVENT,
                stopEvent = "pool") ChildProcess parameterWorker, @SharedStopEvent("pool") StopEvent pool) {
            assertThat(pool).isSameAs(fieldWorker.stopEvent()).isSameAs(parameterWorker.stopEvent());
            assertThat(pool.isSet()).isFalse();
            pool.set();
            assertThat(fieldWorker.join(Duration.ofSeconds(30))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
            assertThat(parameterWorker.join(Duration.ofSeconds(30)))
                    .hasValueSatisfying(s -> assertThat(s.code()).isZero());
            assertThat(fieldWorker.endedBy()).contains(StopRung.STOP_EVENT);
        }
    }

    static class ClassEventTestCase {
        @SpawnedProcess(command = {"sh", "-c", STOP_LOOP}, stopMethod = StopMethod.EVENT, stopEvent = "all")
        static ChildProcess classWorker;

        @Test
        void classWorkerRuns(@SharedStopEvent("all") StopEvent nearest) {
            assertThat(classWorker.isAlive()).isTrue();
            assertThat(nearest).isSameAs(classWorker.stopEvent());
        }

        @AfterAll
        static void stopThem(@SharedStopEvent("all") StopEvent all) {
            assertThat(all).isSameAs(classWorker.stopEvent());
            all.set();
            assertThat(classWorker.join(Duration.ofSeconds(30))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
        }
    }

    static class SpawnedLaterTestCase {
        @Test
        void run(@SharedStopEvent("later") StopEvent later, ProcessSpawner spawner) {
            ChildProcess worker = spawner.command("sh", "-c", STOP_LOOP).stopMethod(StopMethod.EVENT)
                    .stopEvent("later").spawn();
            assertThat(worker.stopEvent()).isSameAs(later);
            later.set();
            assertThat(worker.join(Duration.ofSeconds(30))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
        }
    }

    static class WrongTypeTestCase {
        @Test
        void run(@SharedStopEvent("pool") String pool) {
        }
    }

    static class EmptyNameTestCase {
        @Test
        void run(@SharedStopEvent(" ") StopEvent pool) {
        }
    }
}
