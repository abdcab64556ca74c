package dev.childproof.torture;

import dev.childproof.ChildProcess;
import dev.childproof.Childproof;
import dev.childproof.ProcessSpawner;
import dev.childproof.SharedStopEvent;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopEvent;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.fixtures.SequencedFlood;
import dev.childproof.fixtures.StoppableFlood;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scenarios under load: many processes at once, one stop event for many, floods. Sizes from {@link Scale}. */
final class LoadFixtures {

    /** Polls the stop file every 200 ms (50 shells polling faster would swamp two cores with forks). */
    static final String STOP_LOOP = "while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.2; done; echo stopped";

    private LoadFixtures() {
    }

    /**
     * {@link Scale#PARALLEL_TESTS} tests on as many JUnit threads, each spawning its share: every test holds its
     * processes alive until all tests have theirs alive, so the whole lot (200 at full scale) is alive at once.
     */
    @Childproof
    static class ManyAtOnceTestCase {
        static volatile CountDownLatch allSpawned;

        @BeforeAll
        static void reset() {
            allSpawned = new CountDownLatch(Scale.PARALLEL_TESTS);
        }

        @RepeatedTest(Scale.PARALLEL_TESTS)
        void spawnsItsShare(ProcessSpawner spawner) throws InterruptedException {
            List<ChildProcess> mine = new ArrayList<>();
            for (int i = 0; i < Scale.current().processesPerTest(); i++) {
                mine.add(spawner.command("sleep", "300").stopMethod(StopMethod.SIGTERM).spawn());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> mine.stream().allMatch(ChildProcess::isAlive));
            allSpawned.countDown();
            assertThat(allSpawned.await(120, TimeUnit.SECONDS)).as("every parallel test spawned its share").isTrue();
            assertThat(mine).as("alive while every other test's are").allMatch(ChildProcess::isAlive);
        }
    }

    /** One stop event shared by many processes (50 at full scale), set twice. */
    @Childproof
    static class SharedStopTestCase {
        @Test
        void allEndOnOneEvent(ProcessSpawner spawner, @SharedStopEvent("many") StopEvent many) {
            List<ChildProcess> sharing = new ArrayList<>();
            for (int i = 0; i < Scale.current().sharedStopProcesses(); i++) {
                sharing.add(spawner.command("sh", "-c", STOP_LOOP).stopMethod(StopMethod.EVENT).stopEvent("many")
                        .spawn());
            }
            assertThat(sharing).allSatisfy(p -> assertThat(p.stopEvent()).isSameAs(many));
            await().atMost(Duration.ofSeconds(60)).until(() -> sharing.stream().allMatch(ChildProcess::isAlive));
            many.set();
            many.set();
            for (ChildProcess process : sharing) {
                assertThat(process.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
                assertThat(process.endedBy()).contains(StopRung.STOP_EVENT);
                process.awaitLine("^stopped$", Duration.ofSeconds(30));
            }
        }
    }

    /** Floods on both streams: to the end, stopped by SIGTERM mid-flood, stopped by its event mid-flood. */
    @Childproof
    static class FloodTestCase {
        @Test
        void floodsUntilDone(ProcessSpawner spawner) {
            ChildProcess flood = spawner.main(SequencedFlood.class)
                    .args(Long.toString(Scale.current().floodLines())).spawn();
            assertThat(flood.join().code()).isZero();
        }

        @Test
        void isKilledWhileFlooding(ProcessSpawner spawner) {
            ChildProcess flood = spawner.main(SequencedFlood.class).args("100000000")
                    .stopTimeout(Duration.ofMillis(100)).spawn();
            flood.awaitLine("^seq out " + Scale.current().floodLines() / 4 + "$", Duration.ofSeconds(60));
        }

        @Test
        void isStoppedByItsEventWhileFlooding(ProcessSpawner spawner) {
            ChildProcess flood = spawner.main(StoppableFlood.class).spawn();
            flood.awaitLine("^seq err " + Scale.current().floodLines() / 4 + "$", Duration.ofSeconds(60));
            flood.stopEvent().set();
            assertThat(flood.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
        }

        @Test
        void isStoppedWithItsTestWhileFlooding(@SpawnedProcess(main = StoppableFlood.class) ChildProcess flood) {
            flood.awaitLine("^seq out " + Scale.current().floodLines() / 4 + "$", Duration.ofSeconds(60));
        }
    }
}
