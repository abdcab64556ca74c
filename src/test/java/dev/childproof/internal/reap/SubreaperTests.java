package dev.childproof.internal.reap;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The subreaper layer alone (cgroup layer off): Java 22+ on Linux, where the multi-release jar's FFM part runs. */
@Isolated("ends cookie-less orphans the test JVM adopted")
@DisplayName("Cleanup: the test JVM as child subreaper (Java 22+)")
class SubreaperTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void adoptsAnEnvironmentClearingDaemonEndsItAtCleanupAndReapsItByItsPid() throws IOException {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        String cookie = RunCookie.current().next();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c",
                "(setsid env -i sh -c 'echo escapee $$; exec sleep 300 >/dev/null 2>&1' &); exec sleep 300")
                .redirectErrorStream(true);
        builder.environment().put(ChildEnvironment.COOKIE, cookie);
        Adoption adoption = Adoption.instance();
        // before the start, as a launch does: the subshell orphans the daemon at once, and an orphan made before
        // the JVM is a subreaper goes to init (run alone, this class failed here; in the suite another had done it)
        adoption.beforeFirstLaunch();
        Process sh = builder.start();
        ProcessIdentity root = ProcessIdentity.of(OS, sh.pid()).orElseThrow();
        adoption.enable(root);
        assertThat(adoption.isSubreaper()).isTrue();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(sh.getInputStream(),
                StandardCharsets.UTF_8))) {
            long pid = Long.parseLong(out.readLine().substring("escapee ".length()));
            ProcessIdentity escapee = ProcessIdentity.of(OS, pid).orElseThrow();
            assertThat(OS.environmentVariable(pid, ChildEnvironment.COOKIE)).isEmpty();
            await("the daemon to be re-parented to the test JVM").atMost(Duration.ofSeconds(10))
                    .until(() -> OS.parentPid(pid).orElse(-1) == ProcessHandle.current().pid());
            await("the adoption to be recorded (and told to the watchdog)").atMost(Duration.ofSeconds(10))
                    .until(() -> adoption.recorded().contains(escapee));

            EscapeSweep sweep = new EscapeSweep(OS, Containment.off(), adoption, new LaunchRegistry(OS));
            List<ProcessIdentity> ended = sweep.afterScope(Set.of(cookie), List.of(ProcessTree.of(OS,
                    List.of(root))), -1);

            assertThat(ended).contains(escapee);
            assertThat(Files.exists(Paths.get("/proc", Long.toString(pid)))).as("reaped: not even a zombie is left")
                    .isFalse();
        } finally {
            sh.destroyForcibly();
        }
    }

    @Test
    void signalsThroughKill2ByTheSystemsNumber() throws Exception {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "kill(2) through FFM needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            assertThat(PosixCalls.instance().signal(sleeper.pid(), OS.signals().number("TERM"))).isTrue();
            assertThat(sleeper.waitFor()).isEqualTo(143);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void saysWhyTheSubreaperIsMissingBeforeJava22() {
        assumeTrue(Runtime.version().feature() < 22, "this runtime is Java 22+, where the subreaper is available");
        assertThat(PosixCalls.instance().isAvailable()).isFalse();
        assertThat(PosixCalls.instance().becomeChildSubreaper()).isFalse();
        assertThat(PosixCalls.instance().unavailableReason()).startsWith("this copy of Childproof runs without its"
                + " Java 22+ classes (Java " + Runtime.version().feature());
    }
}
