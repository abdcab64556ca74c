package dev.childproof;

import dev.childproof.fixtures.StopAware;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Timeline: every transition and rung, with monotonic times")
class TimelineTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String OFFSET = "\\+(\\d+ms|\\d\\.\\ds|\\d+s|\\d+m \\d+s) ";

    @Test
    void rendersCompactlyWithTimesInHumanUnits() {
        Timeline timeline = new Timeline(List.of(
                new TimelineEvent(Duration.ZERO, "launched pid 4242"),
                new TimelineEvent(Duration.ofMillis(180), "ready"),
                new TimelineEvent(Duration.ofMillis(2_040), "stop requested (EVENT)"),
                new TimelineEvent(Duration.ofMillis(2_110), "exited with code 0")));
        assertThat(timeline).hasToString(
                "+0ms launched pid 4242 · +180ms ready · +2.0s stop requested (EVENT) · +2.1s exited with code 0");
        assertThat(new TimelineEvent(Duration.ofSeconds(45), "x")).hasToString("+45s x");
        assertThat(new TimelineEvent(Duration.ofSeconds(125), "x")).hasToString("+2m 5s x");
        assertThat(timeline.has("stop requested")).isTrue();
        assertThat(timeline.has("SIGKILL")).isFalse();
    }

    @Test
    void recordsLaunchReadinessSignalsSuspensionStopRequestAndExit() {
        LifeTestCase.seen = null;
        ChildproofTestKit.executeTestClass(LifeTestCase.class).hasTests(1, 0);
        ChildProcess worker = LifeTestCase.seen;
        assertThat(descriptions(worker)).containsExactly("launched pid " + worker.pid(), "ready", "SIGWINCH sent",
                "suspended", "resumed", "stop requested (EVENT)", "exited with code 0");
        assertThat(worker.timeline().toString()).matches("\\+0ms launched pid \\d+ · " + OFFSET + "ready · "
                + OFFSET + "SIGWINCH sent · " + OFFSET + "suspended · " + OFFSET + "resumed · " + OFFSET
                + "stop requested \\(EVENT\\) · " + OFFSET + "exited with code 0");
        assertMonotonic(worker);
    }

    @Test
    void readinessComesBeforeTheExitOfAProcessThatExitsAtOnce() {
        ChildproofTestKit.executeTestClass(ReadyAndGoneTestCase.class).hasTests(1, 0);
    }

    @Test
    void recordsEveryRungTheStopLadderClimbs() {
        StubbornTestCase.seen = null;
        ChildproofTestKit.executeTestClass(StubbornTestCase.class).hasTests(1, 0);
        ChildProcess stubborn = StubbornTestCase.seen;
        assertThat(descriptions(stubborn)).containsExactly("launched pid " + stubborn.pid(), "ready",
                "stop requested (SIGTERM)", "SIGTERM sent to the tree", "SIGKILL sent to the tree",
                "killed by SIGKILL (exit code 137)");
        assertMonotonic(stubborn);
    }

    @Test
    void recordsAKill() {
        KilledTestCase.seen = null;
        ChildproofTestKit.executeTestClass(KilledTestCase.class).hasTests(1, 0);
        ChildProcess sleep = KilledTestCase.seen;
        assertThat(descriptions(sleep)).containsExactly("launched pid " + sleep.pid(), "SIGKILL sent to the tree",
                "killed by SIGKILL (exit code 137)");
    }

    @Test
    void recordsNoSignalForAProcessThatHadExitedAndLeftNothing() {
        ExitedTestCase.seen = null;
        ChildproofTestKit.executeTestClass(ExitedTestCase.class).hasTests(1, 0);
        ChildProcess quitter = ExitedTestCase.seen;
        assertThat(descriptions(quitter)).containsExactly("launched pid " + quitter.pid(), "exited with code 3");
    }

    @Test
    void showsAnExitNothingWaitedForThoughADescendantHoldsTheOutput() {
        ChildproofTestKit.executeTestClass(UnwatchedExitTestCase.class).hasTests(1, 0);
    }

    static List<String> descriptions(ChildProcess process) {
        return process.timeline().events().stream().map(TimelineEvent::description).collect(Collectors.toList());
    }

    static void assertMonotonic(ChildProcess process) {
        List<Duration> offsets = process.timeline().events().stream().map(TimelineEvent::offset)
                .collect(Collectors.toList());
        assertThat(offsets).isSorted().first().isEqualTo(Duration.ZERO);
    }

    @Childproof
    static class ReadyAndGoneTestCase {
        @Test
        void twentyTimes(ProcessSpawner spawner) {
            for (int i = 0; i < 20; i++) {
                ChildProcess quick = spawner.command("sh", "-c", "echo ready").name("quick" + i).readyWhen("ready")
                        .spawn();
                quick.join();
                // the drainer may record the exit before the test's thread sees the ready line
                assertThat(descriptions(quick)).as("%s", quick.timeline()).containsExactly(
                        "launched pid " + quick.pid(), "ready", "exited with code 0");
                assertMonotonic(quick);
            }
        }
    }

    static class LifeTestCase {
        static volatile ChildProcess seen;

        @SpawnedProcess(main = StopAware.class, args = "0", readyWhen = "ready")
        ChildProcess worker;

        @Test
        void life() {
            seen = worker;
            worker.signal(Signal.SIGWINCH);
            worker.suspend();
            await().atMost(PATIENCE).until(worker::isSuspended);
            worker.resume();
            await().atMost(PATIENCE).until(() -> !worker.isSuspended());
            assertThat(worker.stop()).hasToString("exited with code 0");
            assertThat(worker.timeline().has("exited with code 0")).isTrue();
        }
    }

    static class StubbornTestCase {
        static volatile ChildProcess seen;

        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; echo trapped; sleep 60 & wait"},
                readyWhen = "trapped", killTimeout = "200ms")
        ChildProcess stubborn;

        @Test
        void stubborn() {
            seen = stubborn;
            assertThat(stubborn.stop(Duration.ofMillis(200))).hasToString("killed by SIGKILL (exit code 137)");
            assertThat(stubborn.endedBy()).contains(StopRung.SIGKILL);
        }
    }

    static class ExitedTestCase {
        static volatile ChildProcess seen;

        @SpawnedProcess(command = {"sh", "-c", "exit 3"})
        ChildProcess quitter;

        @Test
        void killedAfterItsExit() {
            seen = quitter;
            assertThat(quitter.join()).hasToString("exited with code 3");
            assertThat(quitter.kill()).hasToString("exited with code 3");
            assertThat(quitter.stop()).hasToString("exited with code 3");
        }
    }

    /** The shell exits when told to; the {@code sleep} it leaves keeps the output open, so no stream ends then. */
    static class UnwatchedExitTestCase {
        @SpawnedProcess(command = {"sh", "-c", OutputTests.OrphanHoldsOutputAtTheEndTestCase.EXITS_LEAVING_A_HOLDER})
        ChildProcess parent;

        @Test
        void exitsUnwatched() {
            // not awaitLine, which watches for the exit from then on
            await().atMost(PATIENCE).until(() -> parent.output().lines().contains("started"));
            parent.sendLine("go");
            long pid = parent.pid();
            // the JDK has reaped it; nothing of the handle was asked meanwhile
            await().atMost(PATIENCE).until(() -> ProcessHandle.of(pid).isEmpty());
            assertThat(descriptions(parent)).containsExactly("launched pid " + pid, "exited with code 0");
        }
    }

    static class KilledTestCase {
        static volatile ChildProcess seen;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess sleep;

        @Test
        void killed() {
            seen = sleep;
            assertThat(sleep.kill()).hasToString("killed by SIGKILL (exit code 137)");
        }
    }
}
