package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PidNamespace;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The start-up sweep beside a test JVM in another pid namespace (a sandbox: {@code unshare -p}, {@code bwrap},
 * Bazel's), whose processes this JVM sees: their cookies name that JVM by a pid of its own namespace, which here names
 * no process, or another.
 */
@DisplayName("Cleanup: the start-up sweep leaves a sandboxed run's processes alone")
@ResourceLock(LeftoverCgroupTests.SWEEPS) // its leftover in this namespace is any sweep's, and theirs are its
class PidNamespaceLeftoverTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void leavesAProcessOfAnotherPidNamespaceWhoseCookieNamesAPidGoneHere() throws Exception {
        assumeTrue(OS.readsEnvironments() && PidNamespace.ofThisProcess().isPresent(), "no /proc here");
        long gone = goneJvmPid();
        String cookie = "cp1.0123456789abcdef0123456789abcdef." + gone + ".1";
        Process sandbox = new ProcessBuilder("unshare", "--pid", "--fork", "env", "CHILDPROOF_COOKIE=" + cookie,
                "sleep", "300").start();
        Process here = new ProcessBuilder("env", "CHILDPROOF_COOKIE=" + cookie, "sleep", "300").start();
        try {
            Optional<Long> inside = awaitChildIn(sandbox);
            assumeTrue(inside.isPresent(), "no new pid namespace can be made here (unshare needs privileges)");

            List<String> report = new CopyOnWriteArrayList<>();
            new LeftoverSweep(OS, RunCookie.current(), Containment.off(), report::add).endEarlierRuns();

            assertThat(OS.isGone(inside.get())).as("the sandboxed run's process").isFalse();
            assertThat(report).noneMatch(line -> line.contains("pid " + inside.get() + " "));
            assertThat(here.waitFor()).as("the same leftover in this namespace").isEqualTo(137);
        } finally {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
            here.destroyForcibly();
        }
    }

    private static long goneJvmPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    /** The {@code sleep} in the new namespace, once it runs there, or empty when unshare failed. */
    private static Optional<Long> awaitChildIn(Process sandbox) {
        List<Long> found = new CopyOnWriteArrayList<>();
        await("the sandboxed sleep, or unshare's failure").atMost(Duration.ofSeconds(30)).until(() -> {
            sandbox.descendants().map(ProcessHandle::pid)
                    .filter(pid -> OS.commandLine(pid).startsWith("sleep"))
                    .filter(pid -> !PidNamespace.of(pid).equals(PidNamespace.ofThisProcess()))
                    .findFirst().ifPresent(found::add);
            return !found.isEmpty() || !sandbox.isAlive();
        });
        return found.stream().findFirst();
    }

}
