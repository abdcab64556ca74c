package dev.childproof;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.LeftoverSweep;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.internal.reap.WatchdogClient;
import dev.childproof.internal.stop.RunDirectory;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Isolated("another test JVM started meanwhile would sweep the leftover first")
@DisplayName("Cleanup: sweeps when a test run starts and ends")
class SessionSweepTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsLeftoversOfAnEarlierRunWhoseTestJvmIsGoneAtStartUp() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        byte[] runId = new byte[16];
        new SecureRandom().nextBytes(runId);
        ProcessBuilder builder = new ProcessBuilder("sleep", "300");
        builder.environment().put(ChildEnvironment.COOKIE, "cp1." + HexFormat.of().formatHex(runId) + "."
                + gone.pid() + ".1");
        Process leftover = builder.start();
        ProcessIdentity id = ProcessIdentity.of(OS, leftover.pid()).orElseThrow();
        try (TestJvm jvm = TestJvm.running(WatchdogTests.QuickTestCase.class)) {
            jvm.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(60));
            String ended = "childproof: ended pid " + leftover.pid() + " (sleep 300), left by an earlier test run whose"
                    + " JVM (pid " + gone.pid() + ") is gone";
            if (!jvm.lines().contains(ended) && !id.isAlive(OS)) {
                // @Isolated holds within this JVM only: a second Surefire fork that started meanwhile swept it first
                Assumptions.abort("another test JVM swept the leftover before this one started");
            }
            assertThat(jvm.lines()).contains(ended);
            await().atMost(Duration.ofSeconds(30)).until(() -> !id.isAlive(OS));
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void endsWhatOfTheRunIsStillRunningWhenTheSessionCloses() {
        try (TestJvm jvm = TestJvm.running(LeavesAProcessOfTheRunTestCase.class)) {
            long pid = Long.parseLong(jvm.awaitLine("^left pid (\\d+)$", Duration.ofSeconds(60)));
            jvm.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(30));
            assertThat(jvm.lines()).contains("childproof: ended pid " + pid + " (sleep 300), still running at the end"
                    + " of the test run");
            await().atMost(Duration.ofSeconds(30)).until(() -> OS.isGone(pid));
        }
    }

    @Test
    void removesTheRunDirectoryOfATestJvmKilledWithItsWatchdogAtStartUpNotThatOfALiveOne(@TempDir Path tmp)
            throws Exception {
        // the test JVMs' temporary directory is the test's own: the sweep never looks at other runs' directories
        String tmpdir = "-Djava.io.tmpdir=" + tmp;
        try (TestJvm live = TestJvm.running(HoldsItsRunDirectoryTestCase.class, tmpdir);
                TestJvm killed = TestJvm.running(HoldsItsRunDirectoryTestCase.class, tmpdir)) {
            Path liveDirectory = Paths.get(live.awaitLine("^run directory (.+)$", Duration.ofSeconds(60)));
            Path leftDirectory = Paths.get(killed.awaitLine("^run directory (.+)$", Duration.ofSeconds(60)));
            long watchdog = Long.parseLong(killed.awaitLine("^watchdog (\\d+)$", Duration.ofSeconds(10)));
            // both killed, the watchdog first, as a cancelled CI job or an OOM kill of the whole job does
            ProcessHandle.of(watchdog).ifPresent(ProcessHandle::destroyForcibly);
            await("the watchdog to be gone").atMost(Duration.ofSeconds(30)).until(() -> OS.isGone(watchdog));
            killed.process().destroyForcibly();
            killed.process().waitFor();
            assertThat(leftDirectory).as("left by the killed JVM").isDirectory();

            try (TestJvm next = TestJvm.running(WatchdogTests.QuickTestCase.class, tmpdir)) {
                next.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(60));
                assertThat(next.lines()).contains("childproof: removed 1 run directory in " + tmp + ", left by"
                        + " earlier test runs whose JVMs are gone");
            }
            assertThat(leftDirectory).as("removed by the next run's start-up sweep").doesNotExist();
            assertThat(liveDirectory).as("that of the JVM still running").isDirectory();
        }
    }

    /** Run in a JVM of its own: launches once, so that its run directory is made, reports it, and waits. */
    static class HoldsItsRunDirectoryTestCase {
        @Test
        void launchesOneAndWaits(@SpawnedProcess(command = {"/bin/true"}) ChildProcess child)
                throws InterruptedException {
            child.join();
            System.out.println("run directory " + RunDirectory.instance().newFile("probe").getParent());
            System.out.println("watchdog " + WatchdogClient.instance().pid().orElseThrow());
            new CountDownLatch(1).await(); // until the JVM is killed from outside
        }
    }

    static class LeavesAProcessOfTheRunTestCase {
        @Test
        void startsOneWithTheRunsCookieOutsideAnyScope() throws IOException {
            ProcessBuilder builder = new ProcessBuilder("sleep", "300");
            builder.environment().put(ChildEnvironment.COOKIE, RunCookie.current().next());
            System.out.println("left pid " + builder.start().pid());
        }
    }
}
