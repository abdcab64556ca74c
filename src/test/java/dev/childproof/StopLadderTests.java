package dev.childproof;

import dev.childproof.fixtures.StopAware;
import dev.childproof.fixtures.StopsLate;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("The stop ladder: ask, SIGTERM, SIGKILL, and record the rung")
class StopLadderTests {

    @Test
    void endsEachProcessOnTheLowestRungThatWorks() {
        ChildproofTestKit.executeTestClass(LadderTestCase.class).hasTests(5, 0);
    }

    @Test
    void aTestThatLeavesItsThreadInterruptedStillGetsTheWholeLadder() {
        InterruptedTestCase.worker = null;
        ChildproofTestKit.executeTestClass(InterruptedTestCase.class).hasTests(1, 0);
        ChildProcess worker = InterruptedTestCase.worker;
        assertThat(worker.endedBy()).as("timeline %s", worker.timeline()).contains(StopRung.STOP_EVENT);
        assertThat(worker.exitStatus()).map(ExitStatus::code).contains(0);
    }

    @Test
    void anInterruptThatArrivesWhileTheCleanupWaitsDoesNotHurryTheProcessOnToSigkill() {
        InterruptedDuringCleanupTestCase.worker = null;
        ChildproofTestKit.executeTestClass(InterruptedDuringCleanupTestCase.class).hasTests(1, 0);
        ChildProcess worker = InterruptedDuringCleanupTestCase.worker;
        assertThat(worker.endedBy()).as("timeline %s", worker.timeline()).contains(StopRung.STOP_EVENT);
        assertThat(worker.exitStatus()).map(ExitStatus::code).contains(0);
        assertThat(worker.output().lines()).contains("stopping slowly");
        assertThat(worker.output().logFile()).content().contains("[out] stopping slowly");
    }

    @Test
    void stopAfterTheProcessExitedEndsWhatItLeftRunning() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here: the orphan is the sweeps'");
        ChildproofTestKit.executeTestClass(StopAfterExitTestCase.class).hasTests(1, 0);
    }

    @Test
    void theProcessesOfOneScopeAreForcedAtTheSameTimeEachWhenItsOwnTimeoutsPass() {
        StubbornScopeTestCase.processes.clear();
        ChildproofTestKit.executeTestClass(StubbornScopeTestCase.class).hasTests(1, 0);
        assertThat(StubbornScopeTestCase.processes).hasSize(4).allSatisfy(p -> {
            // in turn, the last one's SIGTERM came three kill timeouts (9 s) after its stop request
            List<TimelineEvent> events = p.timeline().events();
            Duration requested = at(events, "stop requested");
            assertThat(at(events, "SIGTERM sent").minus(requested)).as("%s", p.timeline())
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(p.endedBy()).contains(StopRung.SIGKILL);
        });
    }

    @Test
    void anInterruptedStopStopsClimbingAndSaysSo() {
        ChildproofTestKit.executeTestClass(InterruptedStopTestCase.class).hasTests(2, 0);
    }

    @Test
    void threadsStoppingOneProcessAtOnceRecordEachRungOnce() {
        ChildproofTestKit.executeTestClass(ConcurrentStopTestCase.class).hasTests(1, 0);
    }

    @Test
    void aSigkillSentAfterAnEarlierRungEndedTheProcessLeavesThatRungAsWhatEndedIt() {
        ChildproofTestKit.executeTestClass(LateSigkillTestCase.class).hasTests(1, 0);
    }

    private static Duration at(List<TimelineEvent> events, String prefix) {
        return events.stream().filter(e -> e.description().startsWith(prefix)).findFirst()
                .map(TimelineEvent::offset).orElseThrow(() -> new AssertionError("no " + prefix + " in " + events));
    }

    @Test
    void everyProcessCarriesTheCookieAndItsName() {
        ChildproofTestKit.executeTestClass(EnvironmentTestCase.class).hasTests(1, 0);
    }

    @Childproof
    static class StubbornScopeTestCase {
        static final List<ChildProcess> processes = new CopyOnWriteArrayList<>();

        @Test
        void leavesFourStubbornTrees(ProcessSpawner spawner) {
            for (int i = 0; i < 4; i++) {
                processes.add(spawner.command("sh", "-c", "trap '' TERM; echo up; sleep 300 & wait").name("s" + i)
                        .readyWhen("up").stopTimeout(Duration.ofMillis(100)).killTimeout(Duration.ofSeconds(3))
                        .spawn());
            }
        }
    }

    static class InterruptedDuringCleanupTestCase {
        static volatile ChildProcess worker;

        @SpawnedProcess(main = StopsLate.class, args = "1000", readyWhen = "ready")
        @StopsWithin("10s")
        ChildProcess slow;

        @AfterEach
        void interruptOnceTheCleanupHasAsked() {
            worker = slow;
            Thread cleaning = Thread.currentThread();
            // as code under test may, from a thread of its own: it lands while the cleanup waits for the exit
            Thread interrupter = new Thread(() -> {
                await().atMost(Duration.ofSeconds(30)).until(slow.stopEvent()::isSet);
                cleaning.interrupt();
            }, "interrupter");
            interrupter.setDaemon(true);
            interrupter.start();
        }

        @Test
        void endsSlowly() {
        }
    }

    static class InterruptedStopTestCase {
        private static final String STUBBORN = "trap '' TERM; echo up; sleep 300 & wait";

        @Test
        void stop(@SpawnedProcess(command = {"sh", "-c", STUBBORN}, readyWhen = "up", stopMethod = StopMethod.EVENT,
                stopTimeout = "20s", killTimeout = "20s") ChildProcess slow) {
            Thread.currentThread().interrupt(); // as a @Timeout does, a moment earlier or later
            assertThatThrownBy(slow::stop).isInstanceOf(IllegalStateException.class).hasMessage("Interrupted while"
                    + " stopping process [slow]; it was asked to stop, and the cleanup ends it after the test unless"
                    + " it exits before.");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            assertThat(slow.isAlive()).isTrue();
            assertThat(slow.timeline().has("SIGTERM")).as("%s", slow.timeline()).isFalse();
            assertThat(slow.timeline().has("SIGKILL")).as("%s", slow.timeline()).isFalse();
            slow.kill();
        }

        @Test
        void join(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> sleeper.join(Duration.ofSeconds(20))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Interrupted while joining process [sleeper]");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            assertThat(sleeper.isAlive()).isTrue();
        }
    }

    static class ConcurrentStopTestCase {
        @Test
        void stopFromFourThreads(@SpawnedProcess(command = {"sh", "-c", "trap '' TERM; echo up; sleep 300 & wait"},
                readyWhen = "up", killTimeout = "300ms") ChildProcess stubborn) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<ExitStatus>> stops = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    stops.add(pool.submit(() -> stubborn.stop(Duration.ofMillis(200))));
                }
                for (Future<ExitStatus> stop : stops) {
                    assertThat(stop.get()).hasToString("killed by SIGKILL (exit code 137)");
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> events = stubborn.timeline().events().stream().map(TimelineEvent::description)
                    .collect(Collectors.toList());
            assertThat(events).as("%s", stubborn.timeline()).containsOnlyOnce("SIGTERM sent to the tree",
                    "SIGKILL sent to the tree");
        }
    }

    static class LateSigkillTestCase {
        @Test
        void killAfterTheStopRequestEndedIt(@SpawnedProcess(command = {"sh", "-c", "sleep 300 & exec sleep 300"},
                stopMethod = StopMethod.SIGTERM) ChildProcess worker) {
            long pid = worker.pid();
            // the background sleep holds the output open, so no drainer records the exit when the process dies
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).orElseThrow().descendants()
                    .count() == 1);
            // asked as the ladder asks: the asker records the exit itself, so nothing watches for it meanwhile
            ((ManagedProcess) worker).requestStop();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty());

            // SIGKILL, for the background sleep, comes after the exit SIGTERM caused (EndingTests has the other order)
            assertThat(worker.kill()).hasToString("killed by SIGTERM (exit code 143)");

            assertThat(worker.endedBy()).as("%s", worker.timeline()).contains(StopRung.STOP_EVENT);
            assertThat(worker.timeline().toString()).matches("\\+0ms launched pid \\d+"
                    + " · \\+\\S+ stop requested \\(SIGTERM\\) · \\+\\S+ killed by SIGTERM \\(exit code 143\\)"
                    + " · \\+\\S+ SIGKILL sent to the tree");
        }
    }

    static class StopAfterExitTestCase {
        @Test
        void stopsWhatItLeft(@SpawnedProcess(command = {"sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!; exit 0"})
                ChildProcess parent) {
            long left = Long.parseLong(parent.awaitLine("^[0-9]+$", Duration.ofSeconds(20)));
            assertThat(parent.join().code()).isZero();
            assertThat(parent.stop().code()).isZero();
            assertThat(OperatingSystem.current().isGone(left)).as("what it left, after stop()").isTrue();
            assertThat(parent.timeline().events()).extracting(TimelineEvent::description)
                    .endsWith("exited with code 0", "SIGTERM sent to what it left running: pid " + left);
        }
    }

    static class InterruptedTestCase {
        static volatile ChildProcess worker;

        @SpawnedProcess(main = StopAware.class, readyWhen = "ready")
        @StopsWithin("5s")
        ChildProcess stopAware;

        @Test
        void leavesTheInterruptSet() {
            worker = stopAware;
            // as code under test may, restoring the flag after catching an InterruptedException
            Thread.currentThread().interrupt();
        }
    }

    static class LadderTestCase {

        @Test
        void commandsAreAskedBySigterm(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            ExitStatus status = sleeper.stop();
            assertThat(status.signal()).contains(Signal.SIGTERM);
            assertThat(status).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(sleeper.endedBy()).contains(StopRung.STOP_EVENT);
            assertThat(sleeper.state()).isEqualTo(ProcessState.TERMINATED);
            assertThat(sleeper.isAlive()).isFalse();
        }

        @Test
        void aProcessIgnoringSigtermIsKilledWithItsWholeTree(
                @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & echo started; wait"},
                        readyWhen = "started", stopTimeout = "200ms", killTimeout = "200ms") ChildProcess stubborn) {
            List<ProcessIdentity> tree = descendants(stubborn);
            assertThat(tree).hasSize(2);

            ExitStatus status = stubborn.stop();

            assertThat(status).hasToString("killed by SIGKILL (exit code 137)");
            assertThat(stubborn.endedBy()).contains(StopRung.SIGKILL);
            assertThat(stubborn.timeline().toString())
                    .matches("\\+0ms launched pid \\d+ · \\+\\S+ ready · \\+\\S+ stop requested \\(SIGTERM\\)"
                            + " · \\+\\S+ SIGTERM sent to the tree · \\+\\S+ SIGKILL sent to the tree"
                            + " · \\+\\S+ killed by SIGKILL \\(exit code 137\\)");
            OperatingSystem os = OperatingSystem.current();
            assertThat(tree).noneMatch(child -> child.isAlive(os));
        }

        @Test
        void descendantsOutlivingTheirParentAreEndedToo(
                @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & echo started; wait"},
                        readyWhen = "started") ChildProcess parent) {
            List<ProcessIdentity> tree = descendants(parent);
            assertThat(tree).hasSize(2);

            assertThat(parent.stop().signal()).contains(Signal.SIGTERM);

            OperatingSystem os = OperatingSystem.current();
            await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(child -> child.isAlive(os)));
            assertThat(parent.timeline().events()).extracting(TimelineEvent::description)
                    .containsSubsequence("stop requested (SIGTERM)", "killed by SIGTERM (exit code 143)")
                    .anySatisfy(event -> assertThat(event).startsWith("SIGTERM sent to what it left running: pid ")
                            .contains("pid " + tree.get(0).pid(), "pid " + tree.get(1).pid()));
        }

        @Test
        void killGoesStraightToSigkill(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            assertThat(sleeper.kill()).hasToString("killed by SIGKILL (exit code 137)");
            assertThat(sleeper.endedBy()).contains(StopRung.SIGKILL);
            assertThat(sleeper.timeline().has("stop requested")).isFalse();
        }

        @Test
        void killOnAnInterruptedThreadStillEndsTheWholeTreeAndKeepsTheFlag(
                @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & echo started; wait"},
                        readyWhen = "started") ChildProcess parent) {
            List<ProcessIdentity> tree = descendants(parent);
            Thread.currentThread().interrupt(); // as code under test may leave it
            try {
                assertThat(parent.kill()).hasToString("killed by SIGKILL (exit code 137)");
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            OperatingSystem os = OperatingSystem.current();
            assertThat(tree).as("gone when kill() returns").noneMatch(child -> child.isAlive(os));
        }

        private static List<ProcessIdentity> descendants(ChildProcess process) {
            OperatingSystem os = OperatingSystem.current();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(process.pid()).orElseThrow()
                    .descendants().count() == 2);
            return ProcessHandle.of(process.pid()).orElseThrow().descendants()
                    .map(h -> ProcessIdentity.of(os, h.pid()).orElseThrow()).collect(Collectors.toList());
        }
    }

    static class EnvironmentTestCase {
        @Test
        void test(@SpawnedProcess(command = {"sh", "-c", "echo \"$CHILDPROOF_COOKIE|$CHILDPROOF_NAME\""},
                name = "env-printer") ChildProcess printer) {
            printer.join();
            assertThat(printer.output().lines()).singleElement().asString()
                    .matches("cp1\\.[0-9a-f]{32}\\.\\d+\\.\\d+\\|env-printer");
        }
    }
}
