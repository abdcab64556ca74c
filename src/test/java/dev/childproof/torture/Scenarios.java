package dev.childproof.torture;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessState;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.fixtures.SleepForever;
import dev.childproof.internal.reap.Containment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The torture scenarios, and the fixture classes of those that need no more than one class; the others are in
 * {@link EscapeFixtures}, {@link LoadFixtures} and {@link KilledJvmScenario}.
 */
final class Scenarios {

    /** Each run's deadline: the slowest seen is under 10 s on 2 busy cores. */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static final Map<String, String> SEQUENTIAL = Map.of("junit.jupiter.execution.parallel.enabled", "false");

    /** Where the cgroup layer is on: the same without it, so that the tree walk alone finds the descendants. */
    private static final Map<String, String> SEQUENTIAL_NO_CGROUP = Map.of(
            "junit.jupiter.execution.parallel.enabled", "false", "childproof.cleanup.cgroup", "off");

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(Scale.PARALLEL_TESTS),
            "junit.jupiter.execution.parallel.config.fixed.max-pool-size", Integer.toString(Scale.PARALLEL_TESTS));

    /**
     * Every scenario, sized by the current {@link Scale}; the env-cleared escapees, and the trees with the cgroup layer
     * turned off, only where cgroups are.
     */
    static List<Scenario> all() {
        Scale scale = Scale.current();
        List<Scenario> all = new ArrayList<>();
        all.add(fixture("pass, fail, throw, @Timeout with stubborn trees and zombies", OutcomesTestCase.class, 1, 3));
        all.add(fixture("pass, fail, throw, @Timeout with double-forked escapees",
                EscapeFixtures.WithCookieTestCase.class, 1, 3));
        if (Containment.instance().isOn()) {
            all.add(fixture("the same stubborn trees and zombies without a cgroup (cleanup.cgroup=off)",
                    OutcomesTestCase.class, 1, 3, SEQUENTIAL_NO_CGROUP));
            all.add(fixture("pass, fail, throw, @Timeout with env-cleared escapees (cgroup)",
                    EscapeFixtures.EnvClearedTestCase.class, 1, 3));
        }
        all.add(new Scenario("test JVM killed with kill -9 mid-test", DEADLINE, KilledJvmScenario::run));
        all.add(fixture(Scale.PARALLEL_TESTS * scale.processesPerTest() + " processes alive at once from "
                + Scale.PARALLEL_TESTS + " parallel tests", LoadFixtures.ManyAtOnceTestCase.class, Scale.PARALLEL_TESTS,
                0, PARALLEL));
        all.add(fixture("one stop event shared by " + scale.sharedStopProcesses() + " processes, set twice",
                LoadFixtures.SharedStopTestCase.class, 1, 0));
        all.add(fixture("floods on both streams: whole, killed and stopped mid-flood", LoadFixtures.FloodTestCase.class,
                4, 0));
        all.add(fixture("closed stdout, unread stdin, own session and group", StreamsTestCase.class, 3, 0));
        all.add(fixture("exits before ready, never ready", NotReadyTestCase.class, 0, 2));
        all.add(fixture("stop events set twice and after the end", StopEventsTestCase.class, 2, 0));
        return all;
    }

    private Scenarios() {
    }

    private static Scenario fixture(String name, Class<?> fixture, long expectedSucceeded, long expectedFailed) {
        return fixture(name, fixture, expectedSucceeded, expectedFailed, SEQUENTIAL);
    }

    /** A scenario that runs a fixture class through the JUnit engine and expects that many passed and failed tests. */
    private static Scenario fixture(String name, Class<?> fixture, long expectedSucceeded, long expectedFailed,
            Map<String, String> configuration) {
        return new Scenario(name, DEADLINE, (output, findings) -> {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameters(configuration)
                    .configurationParameter("childproof.output.dir", output.toString())
                    .selectors(selectClass(fixture))
                    .execute();
            long succeeded = results.testEvents().succeeded().count();
            long failed = results.testEvents().failed().count();
            if (succeeded != expectedSucceeded || failed != expectedFailed) {
                findings.fail("expected " + expectedSucceeded + " passed / " + expectedFailed + " failed, got "
                        + succeeded + " / " + failed + ": " + results.allEvents().failed().list());
            }
            if (results.containerEvents().failed().count() > 0) {
                findings.fail("container failures: " + results.containerEvents().failed().list());
            }
        });
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
