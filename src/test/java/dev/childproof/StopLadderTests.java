package dev.childproof;

import dev.childproof.fixtures.StopAware;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("The stop ladder: ask, SIGTERM, SIGKILL, and record the rung")
class StopLadderTests {

    @Test
    void endsEachProcessOnTheLowestRungThatWorks() {
        ChildproofTestKit.executeTestClass(LadderTestCase.class).hasTests(4, 0);
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
    void stopAfterTheProcessExitedEndsWhatItLeftRunning() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here: the orphan is the sweeps'");
        ChildproofTestKit.executeTestClass(StopAfterExitTestCase.class).hasTests(1, 0);
    }

    @Test
    void everyProcessCarriesTheCookieAndItsName() {
        ChildproofTestKit.executeTestClass(EnvironmentTestCase.class).hasTests(1, 0);
    }

    static class StopAfterExitTestCase {
        @Test
        void stopsWhatItLeft(@SpawnedProcess(command = {"sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!; exit 0"})
                ChildProcess parent) {
            long left = Long.parseLong(parent.awaitLine("^[0-9]+$", Duration.ofSeconds(20)));
            assertThat(parent.join().code()).isZero();
            assertThat(parent.stop().code()).isZero();
            assertThat(OperatingSystem.current().isGone(left)).as("what it left, after stop()").isTrue();
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
        }

        @Test
        void killGoesStraightToSigkill(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            assertThat(sleeper.kill()).hasToString("killed by SIGKILL (exit code 137)");
            assertThat(sleeper.endedBy()).contains(StopRung.SIGKILL);
            assertThat(sleeper.timeline().has("stop requested")).isFalse();
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
