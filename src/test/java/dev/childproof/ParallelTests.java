package dev.childproof;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Parallel execution")
class ParallelTests {

    @Test
    void aHundredConcurrentTestsOnEightThreadsAccountForEveryProcessAndLeakNone() {
        ManyTestsCase.reset();
        ChildproofTestKit.executeTestClassInParallel(ManyTestsCase.class, 8).hasTests(100, 0);

        List<ChildProcess> handles = List.copyOf(ManyTestsCase.handles);
        assertThat(handles).hasSize(400);
        assertThat(handles.stream().map(ChildProcess::pid).distinct().count()).as("distinct pids").isEqualTo(400);
        assertThat(handles).allSatisfy(h -> {
            assertThat(h.isTerminated()).as(h.name()).isTrue();
            assertThat(h.exitStatus()).as(h.name()).isPresent();
            assertThat(h.endedBy()).as(h.name()).isPresent();
        });
        assertThat(handles.stream().filter(h -> h.name().startsWith("polite")).map(ChildProcess::endedBy))
                .as("processes that stop on their event").hasSize(100).containsOnly(
                        java.util.Optional.of(StopRung.STOP_EVENT));
        assertThat(ManyTestsCase.mostAtOnce.get()).as("tests running at once").isGreaterThan(1);
        ChildproofTestKit.assertNothingOutlived(List.copyOf(ManyTestsCase.records));
    }

    @Test
    void killingFromOneThreadDoesNotWaitForAStopClimbingInAnother() {
        ChildproofTestKit.executeTestClass(KillDuringStopTestCase.class).hasTests(1, 0);
    }

    static class ManyTestsCase {
        static final Queue<ChildProcess> handles = new ConcurrentLinkedQueue<>();
        static final Queue<LaunchRecord> records = new ConcurrentLinkedQueue<>();
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();

        static void reset() {
            handles.clear();
            records.clear();
            running.set(0);
            mostAtOnce.set(0);
        }

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess field;

        @RepeatedTest(100)
        void spawnsAndStops(@SpawnedProcess(command = {"sh", "-c", ProcessSpawnerTests.STOP_LOOP},
                stopMethod = StopMethod.EVENT, name = "polite") ChildProcess polite, ProcessSpawner spawner) {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                ChildProcess spawned = spawner.command("sleep", "60").name("spawned").spawn();
                ChildProcess killed = spawner.command("sleep", "60").name("killed").spawn();
                for (ChildProcess p : List.of(field, polite, spawned, killed)) {
                    handles.add(p);
                    records.add(new LaunchRecord(ProcessIdentity.of(OperatingSystem.current(), p.pid())
                            .orElseThrow(), ((ManagedProcess) p).cookie(), p.name()));
                }
                assertThat(spawned.stop().signal()).isPresent();
                assertThat(killed.kill().signal()).isPresent();
                assertThat(field.isAlive()).isTrue();
            } finally {
                running.decrementAndGet();
            }
        }
    }

    static class KillDuringStopTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, stopMethod = StopMethod.EVENT, stopTimeout = "60s")
        ChildProcess deaf;

        @Test
        void killReturnsAtOnce() throws Exception {
            CompletableFuture<ExitStatus> stopping = CompletableFuture.supplyAsync(deaf::stop);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(deaf.stopEvent()::isSet);
            long started = System.nanoTime();
            ExitStatus killed = deaf.kill();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(killed).hasToString("killed by SIGKILL (exit code 137)");
            assertThat(stopping.get(30, TimeUnit.SECONDS)).isEqualTo(killed);
        }
    }
}
