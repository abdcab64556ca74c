package dev.childproof;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.LeftoverSweep;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
            assertThat(jvm.lines()).contains("childproof: ended pid " + leftover.pid() + " (sleep 300), left by an"
                    + " earlier test run whose JVM (pid " + gone.pid() + ") is gone");
            await().atMost(Duration.ofSeconds(5)).until(() -> !id.isAlive(OS));
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
            await().atMost(Duration.ofSeconds(5)).until(() -> OS.isGone(pid));
        }
    }

    @Test
    void endsWhatIsLeftInTheCgroupOfAnEarlierRunAndRemovesIt() throws Exception {
        Optional<CgroupTree> parent = Containment.instance().parent();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Optional<CgroupTree> earlier = parent.flatMap(p -> p.child(Containment.PREFIX + gone.pid() + ".0123abcd"));
        assumeTrue(earlier.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            Files.write(earlier.get().procsFile(), Long.toString(sleeper.pid()).getBytes(StandardCharsets.US_ASCII));
            List<String> report = new CopyOnWriteArrayList<>();

            new LeftoverSweep(OS, RunCookie.current(), Containment.instance(), report::add).endEarlierRuns();

            assertThat(report).contains("childproof: ended pid " + sleeper.pid() + ", left in the cgroup of an"
                    + " earlier test run whose JVM (pid " + gone.pid() + ") is gone");
            assertThat(sleeper.waitFor()).isEqualTo(137);
            assertThat(earlier.get().dir()).doesNotExist();
        } finally {
            sleeper.destroyForcibly();
            earlier.get().remove();
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
