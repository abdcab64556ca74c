package dev.childproof;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.CookieSweep;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.testkit.ForkLoop;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Cleanup: the out-of-JVM watchdog")
class WatchdogTests {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsEverythingTheTestJvmLeftAfterItsKill9AndRemovesItsRunDirectory() {
        try (TestJvm jvm = TestJvm.running(KilledJvmTestCase.class)) {
            long jvmPid = jvm.process().pid();
            long watchdog = Long.parseLong(jvm.awaitLine("^trees ready, watchdog (\\d+)$", Duration.ofSeconds(60)));
            List<ProcessIdentity> left = processesOf(jvmPid);
            Path runDirectory = Paths.get(OS.environmentVariable(left.get(0).pid(), ChildEnvironment.STOP_FILE)
                    .orElseThrow()).getParent();
            assertThat(runDirectory).as("the run directory, where the stop files go").isDirectory();
            assertThat(left).as("launched processes, their children and the escaped daemon")
                    .hasSizeGreaterThanOrEqualTo(5);
            assertThat(OS.parentPid(watchdog)).hasValue(jvmPid);
            assertThat(OS.sessionId(watchdog)).as("the watchdog's own session").isNotEqualTo(OS.sessionId(jvmPid))
                    .hasValue(watchdog);
            assertThat(left).as("nothing ended while the test JVM lived, however quiet it was")
                    .allMatch(id -> id.isAlive(OS));

            jvm.process().destroyForcibly();

            // a generous bound: the 2 s goal is a benchmark figure (CleanupBenchmark: watchdog reaping), not a test's
            await("everything carrying a cookie of the killed JVM to be gone").atMost(GENEROUS)
                    .pollInterval(Duration.ofMillis(20)).until(() -> processesOf(jvmPid).isEmpty()
                            && left.stream().noneMatch(id -> id.isAlive(OS)));
            await("the watchdog to exit").atMost(GENEROUS).until(() -> OS.isGone(watchdog));
            assertThat(runDirectory).as("removed by the watchdog once it ended what the JVM left").doesNotExist();
        }
    }

    @Test
    void endsAnOrphanThatKeepsForkingAndAllItForkedAfterAKill9WithoutACgroup() {
        ForkLoop loop = null;
        try (TestJvm jvm = TestJvm.running(ForkingJvmTestCase.class, "-Dchildproof.cleanup.cgroup=off")) {
            long jvmPid = jvm.process().pid();
            ForkLoop launched = FORK_LOOP.launchedBy(jvmPid);
            loop = launched;
            long watchdog = Long.parseLong(jvm.awaitLine("^forking, watchdog (\\d+)$", Duration.ofSeconds(60)));

            jvm.process().destroyForcibly();

            // what the orphan forked while the watchdog read the process table carries the cookie too
            await("the fork loop and all it forked to be gone").atMost(GENEROUS).pollInterval(Duration.ofMillis(20))
                    .until(() -> launched.alive().isEmpty() && processesOf(jvmPid).isEmpty());
            await("the watchdog to exit").atMost(GENEROUS).until(() -> OS.isGone(watchdog));
        } finally {
            // what a failing run left must not outlive the build
            if (loop != null) {
                loop.end();
            }
        }
    }

    @Test
    void endsAChildThatClearedItsEnvironmentInsideALaunchedTreeAfterAKill9WithoutACgroup() {
        ForkLoop child = null;
        try (TestJvm jvm = TestJvm.running(EnvClearedChildTestCase.class, "-Dchildproof.cleanup.cgroup=off")) {
            long jvmPid = jvm.process().pid();
            ForkLoop launched = ENV_CLEARED.launchedBy(jvmPid);
            child = launched;
            long watchdog = Long.parseLong(jvm.awaitLine("^env-cleared child up, watchdog (\\d+)$",
                    Duration.ofSeconds(60)));

            jvm.process().destroyForcibly();

            // no cookie and no cgroup: only a walk of the launched process's tree finds it
            await("the child without a cookie to be gone").atMost(GENEROUS).pollInterval(Duration.ofMillis(20))
                    .until(() -> launched.alive().isEmpty() && processesOf(jvmPid).isEmpty());
            await("the watchdog to exit").atMost(GENEROUS).until(() -> OS.isGone(watchdog));
        } finally {
            if (child != null) {
                child.end();
            }
        }
    }

    private static final ForkLoop ENV_CLEARED = new ForkLoop("29441");

    /** Run in a JVM of its own without the cgroup layer: a shell's child clears its environment, then it waits. */
    static class EnvClearedChildTestCase {
        @Test
        void hangsUntilKilled(@SpawnedProcess(command = {"sh", "-c", ForkLoop.JVM_PID + "env -i sleep 29441.$p & wait"})
                ChildProcess shell) throws InterruptedException {
            await().atMost(Duration.ofSeconds(20)).until(() -> ENV_CLEARED.alive().size() == 1);
            System.out.println("env-cleared child up, watchdog " + dev.childproof.internal.reap.WatchdogClient
                    .instance().pid().orElseThrow());
            new CountDownLatch(1).await();
        }
    }

    @Test
    void endsTheFirstProcessOfAJvmKilledWhileLaunchingIt() {
        ForkLoop first = null;
        try (TestJvm jvm = TestJvm.running(FirstLaunchTestCase.class)) {
            long jvmPid = jvm.process().pid();
            ForkLoop launched = FIRST_LAUNCH.launchedBy(jvmPid);
            first = launched;
            // the moment the JVM's first launch is sleeping
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                    .until(() -> !launched.alive().isEmpty());
            jvm.process().destroyForcibly();
            await("the first launched process to be gone").atMost(GENEROUS).pollInterval(Duration.ofMillis(20))
                    .until(() -> processesOf(jvmPid).isEmpty());
        } finally {
            // when this fails, what it found alive must not outlive the build
            if (first != null) {
                first.end();
            }
        }
    }

    private static final String FIRST_LAUNCH_MARK = "29431";
    private static final ForkLoop FIRST_LAUNCH = new ForkLoop(FIRST_LAUNCH_MARK);

    private static final String FORK_MARK = "29412";
    private static final ForkLoop FORK_LOOP = new ForkLoop(FORK_MARK);

    @Test
    void exitsPromptlyWhenTheTestJvmEndsNormally() {
        try (TestJvm jvm = TestJvm.running(QuickTestCase.class)) {
            jvm.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(60));
            long watchdog = Long.parseLong(jvm.awaitLine("^watchdog (\\d+)$", Duration.ofSeconds(10)));
            await("the test JVM to exit").atMost(Duration.ofSeconds(30)).until(() -> !jvm.process().isAlive());
            await("the watchdog to exit").atMost(GENEROUS).until(() -> OS.isGone(watchdog));
        }
    }

    static List<ProcessIdentity> processesOf(long jvmPid) {
        return CookieSweep.find(OS, cookie -> RunCookie.issuingJvm(cookie).filter(pid -> pid == jvmPid).isPresent())
                .stream().collect(Collectors.toList());
    }

    static class KilledJvmTestCase {
        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & wait"})
        ChildProcess tree;

        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; (setsid sleep 300 &); exec sleep 300"})
        ChildProcess escaper;

        @Test
        void hangsUntilKilled() throws InterruptedException {
            CleanupTests.awaitDescendants(tree, 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> WatchdogTests.processesOf(ProcessHandle.current()
                    .pid()).size() >= 5);
            System.out.println("trees ready, watchdog " + dev.childproof.internal.reap.WatchdogClient.instance().pid()
                    .orElseThrow());
            new CountDownLatch(1).await();
        }
    }

    /** Run in a JVM of its own, which is killed while it launches its first process. */
    static class FirstLaunchTestCase {
        @Test
        void launches(@SpawnedProcess(command = {"sh", "-c", ForkLoop.JVM_PID + "exec sleep " + FIRST_LAUNCH_MARK
                + ".$p"}) ChildProcess first)
                throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    /** Run in a JVM of its own without the cgroup layer: leaves an orphan forking, then waits to be killed. */
    static class ForkingJvmTestCase {
        @Test
        void hangsUntilKilled(@SpawnedProcess(command = {"sh", "-c", ForkLoop.JVM_PID
                + "sh -c \"while :; do sleep " + FORK_MARK + ".$p & sleep 0.001; done\" & exit 0"}) ChildProcess root)
                throws InterruptedException {
            assertThat(root.join(Duration.ofSeconds(20))).as("the child exited on its own").isPresent();
            await().atMost(Duration.ofSeconds(20)).until(() -> FORK_LOOP.alive().size() > 20);
            System.out.println("forking, watchdog " + dev.childproof.internal.reap.WatchdogClient.instance().pid()
                    .orElseThrow());
            new CountDownLatch(1).await();
        }
    }

    static class QuickTestCase {
        @Test
        void launchesOne(@SpawnedProcess(command = {"sleep", "300"}) ChildProcess sleeper) {
            assertThat(sleeper.isAlive()).isTrue();
        }
    }
}
