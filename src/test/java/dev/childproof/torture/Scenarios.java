package dev.childproof.torture;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.fixtures.SequencedFlood;
import dev.childproof.fixtures.SleepForever;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture classes of the torture suite, one nested class per scenario. */
final class Scenarios {

    /** Every scenario with its expected outcome. */
    static final List<Scenario> ALL = List.of(
            new Scenario("pass, fail, throw, @Timeout with stubborn trees", OutcomesTestCase.class, 1, 3),
            new Scenario("output floods on both streams", FloodTestCase.class, 2, 0),
            new Scenario("closed stdout, unread stdin, own session and group", StreamsTestCase.class, 3, 0),
            new Scenario("exits before ready, never ready", NotReadyTestCase.class, 0, 2),
            new Scenario("stop events set twice and after the end", StopEventsTestCase.class, 2, 0));

    private Scenarios() {
    }

    static class OutcomesTestCase {
        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & wait"}, stopTimeout = "100ms",
                killTimeout = "200ms")
        ChildProcess stubbornTree;

        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & wait"})
        ChildProcess tree;

        @SpawnedProcess(main = SleepForever.class, stopTimeout = "100ms")
        ChildProcess javaIgnoringItsEvent;

        /** The short sleep becomes a zombie: its parent exec'd into a program that never waits. */
        @SpawnedProcess(command = {"sh", "-c", "sleep 0.01 & exec sleep 300"})
        ChildProcess zombieParent;

        @Test
        void passes() {
            assertThat(stubbornTree.isAlive()).isTrue();
        }

        @Test
        void fails() {
            throw new AssertionError("fails on purpose");
        }

        @Test
        void throwsAnException() {
            throw new IllegalStateException("throws on purpose");
        }

        @Test
        @Timeout(1)
        void isCutByTimeout() throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    static class FloodTestCase {
        @Test
        void floodsUntilDone(@SpawnedProcess(main = SequencedFlood.class, args = "200000") ChildProcess flood) {
            assertThat(flood.join().code()).isZero();
        }

        @Test
        void isStoppedWhileFlooding(@SpawnedProcess(main = SequencedFlood.class, args = {"100000000"},
                stopTimeout = "100ms") ChildProcess flood) {
            flood.awaitLine("seq out 50000", Duration.ofSeconds(60));
        }
    }

    static class StreamsTestCase {
        @Test
        void closesItsStdoutEarly(@SpawnedProcess(command = {"sh", "-c", "echo bye; exec 1>&-; sleep 300"})
                ChildProcess closer) {
            closer.awaitLine("bye", Duration.ofSeconds(30));
        }

        @Test
        void neverReadsStdin(@SpawnedProcess(command = {"sleep", "300"}, stopMethod = StopMethod.STDIN_LINE,
                stopTimeout = "100ms") ChildProcess deaf) {
            for (int i = 0; i < 1000; i++) {
                try {
                    deaf.sendLine("x".repeat(100));
                } catch (RuntimeException e) {
                    break;
                }
                if (i > 500) {
                    break;
                }
            }
            assertThat(deaf.isAlive()).isTrue();
        }

        @Test
        void leavesOurSessionAndGroup(
                @SpawnedProcess(command = {"setsid", "sh", "-c", "sleep 300 & wait"}) ChildProcess ownSession,
                @SpawnedProcess(command = {"sh", "-c", "set -m; sleep 300 & wait"}) ChildProcess ownGroup) {
            assertThat(ownSession.state()).isNotEqualTo(ProcessState.TERMINATED);
            assertThat(ownGroup.state()).isNotEqualTo(ProcessState.TERMINATED);
        }
    }

    static class NotReadyTestCase {
        @Test
        void exitsBeforeReady(@SpawnedProcess(command = {"sh", "-c", "echo starting; exit 3"},
                readyWhen = "never printed") ChildProcess early) {
        }

        @Test
        void isNeverReady(@SpawnedProcess(command = {"sleep", "300"}, readyWhen = "never printed",
                readyTimeout = "300ms") ChildProcess late) {
        }
    }

    static class StopEventsTestCase {
        @Test
        void setTwice(@SpawnedProcess(command = {"sleep", "300"}) ChildProcess sleeper) {
            sleeper.stopEvent().set();
            sleeper.stopEvent().set();
            assertThat(sleeper.join().code()).isEqualTo(143);
        }

        @Test
        void setAfterTheEnd(@SpawnedProcess(command = {"true"}) ChildProcess quick) {
            quick.join();
            quick.stopEvent().set();
            assertThat(quick.isAlive()).isFalse();
        }
    }
}
