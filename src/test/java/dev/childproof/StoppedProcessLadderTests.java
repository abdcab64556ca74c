package dev.childproof;

import dev.childproof.fixtures.StopAware;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("The stop ladder and stopped (SIGSTOP) processes: continued, never left to the SIGKILL")
class StoppedProcessLadderTests {

    static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void aProcessTheTestSuspendedAfterAnEarlierStopRequestIsResumedAtCleanup() {
        SuspendedAfterAskedTestCase.processes.clear();
        ChildproofTestKit.executeTestClass(SuspendedAfterAskedTestCase.class).hasTests(1, 0);
        ChildProcess p = SuspendedAfterAskedTestCase.processes.get(0);
        assertThat(p.endedBy()).as("%s", p.timeline()).contains(StopRung.STOP_EVENT);
        assertThat(p.exitStatus()).map(ExitStatus::code).contains(0);
        assertThat(p.timeline().toString()).contains("suspended").contains("resumed");
    }

    @Test
    void aProcessSuspendedAsTheTestsLastActIsResumedAtCleanup() {
        SuspendedLastTestCase.processes.clear();
        // SIGSTOP takes effect when the process is next scheduled: the cleanup often reads it as still running
        ChildproofTestKit.executeTestClass(SuspendedLastTestCase.class).hasTests(5, 0);
        assertThat(SuspendedLastTestCase.processes).hasSize(5)
                .allSatisfy(p -> assertThat(p.endedBy()).as("%s", p.timeline()).contains(StopRung.STOP_EVENT));
    }

    @Test
    void aStoppedDescendantDiesOfSigtermRatherThanAKillTimeoutLater() {
        ChildproofTestKit.executeTestClass(StoppedDescendantTestCase.class).hasTests(1, 0);
    }

    @Test
    void aProcessThatStopsItselfAfterItsStopRequestIsEndedBySigtermNotSigkill() {
        ChildproofTestKit.executeTestClass(StopsItselfTestCase.class).hasTests(1, 0);
    }

    static class SuspendedAfterAskedTestCase {
        static final List<ChildProcess> processes = new CopyOnWriteArrayList<>();

        @Test
        void test(@StopsWithin("4s") @SpawnedProcess(command = {"sh", "-c", "echo up; while [ ! -e"
                + " \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.02; done; echo asked; read go; echo bye; exit 0"},
                readyWhen = "up", stopMethod = StopMethod.EVENT, stopTimeout = "20s", killTimeout = "2s")
                ChildProcess p) {
            processes.add(p);
            Thread.currentThread().interrupt(); // a stop() cut short: the process was asked, and lives on
            assertThatThrownBy(p::stop).isInstanceOf(IllegalStateException.class);
            assertThat(Thread.interrupted()).isTrue();
            p.awaitLine("^asked$", PATIENCE);
            p.suspend();
            await().atMost(PATIENCE).until(p::isSuspended);
            p.sendLine("go"); // read once it runs again
        }
    }

    static class SuspendedLastTestCase {
        static final List<ChildProcess> processes = new CopyOnWriteArrayList<>();

        @RepeatedTest(5)
        void test(@StopsWithin("2s") @SpawnedProcess(main = StopAware.class, readyWhen = "ready", killTimeout = "1s")
                ChildProcess p) {
            processes.add(p);
            p.suspend();
        }
    }

    static class StoppedDescendantTestCase {
        @Test
        void test(@SpawnedProcess(command = {"sh", "-c", "sleep 300 & kill -STOP $!; echo up; wait"},
                readyWhen = "up", killTimeout = "20s") ChildProcess p) {
            long start = System.nanoTime();
            assertThat(p.stop()).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    static class StopsItselfTestCase {
        // it stops itself half a second after it noticed its request: after the ladder's look for a stopped process
        // (20 ms after the request), which would resume it, and before the stop timeout, when SIGTERM comes
        @Test
        void test(@SpawnedProcess(command = {"sh", "-c", "echo up; while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do"
                + " sleep 0.02; done; sleep 0.5; kill -STOP $$; exit 0"}, readyWhen = "up",
                stopMethod = StopMethod.EVENT, stopTimeout = "2s", killTimeout = "20s") ChildProcess p) {
            long start = System.nanoTime();
            assertThat(p.stop()).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(p.endedBy()).as("%s", p.timeline()).contains(StopRung.SIGTERM);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
