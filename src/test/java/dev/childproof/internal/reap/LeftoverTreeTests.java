package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The start-up sweep and a leftover's descendants that cleared their environment. Without a cgroup only a walk of the
 * leftover's tree finds them; its run's watchdog walks it when the JVM dies, but a sweep of another JVM starting then
 * (a Surefire fork, a test's own JVM) could end the leftover first and orphan them for good.
 */
@DisplayName("Cleanup: the start-up sweep ends a leftover's whole tree")
@Isolated("another test JVM's start-up sweep, or another test's, would end the leftover first")
class LeftoverTreeTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsTheDescendantsOfALeftoverThatClearedTheirEnvironment() throws Exception {
        assumeTrue(OS.readsEnvironments(), "no environment can be read here");
        long gone = goneJvmPid();
        String cookie = "cp1.0123456789abcdef0123456789abcdef." + gone + ".1";
        Process leftover = new ProcessBuilder("env", "CHILDPROOF_COOKIE=" + cookie, "sh", "-c",
                "env -i sleep 301 & wait").start();
        List<ProcessHandle> cleared = new CopyOnWriteArrayList<>();
        try {
            await("the env-cleared child, or the leftover ended").atMost(Duration.ofSeconds(30)).until(() -> leftover
                    .descendants().filter(child -> OS.commandLine(child.pid()).equals("sleep 301")).findFirst()
                    .map(cleared::add).orElse(!leftover.isAlive()));
            // a test JVM of another Surefire fork starting at that moment (no lock here holds it back) sweeps too
            assumeTrue(!cleared.isEmpty(), "another JVM's start-up sweep ended the leftover before its child ran");
            ProcessHandle child = cleared.get(0);

            List<String> report = new CopyOnWriteArrayList<>();
            new LeftoverSweep(OS, RunCookie.current(), Containment.off(), report::add).endEarlierRuns();

            // by this sweep or, where another JVM's swept first, by that one: either way with the leftover's tree
            await("the env-cleared child to be gone").atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
            assertThat(leftover.waitFor()).as("the leftover").isEqualTo(137);
            if (report.stream().anyMatch(line -> line.startsWith("childproof: ended pid " + leftover.pid() + " "))) {
                assertThat(report).as("this sweep ended the leftover, so its tree too").contains("childproof: ended"
                        + " pid " + child.pid() + " (sleep 301), left by an earlier test run whose JVM (pid " + gone
                        + ") is gone");
            }
        } finally {
            cleared.forEach(ProcessHandle::destroyForcibly);
            leftover.destroyForcibly();
        }
    }


    private static long goneJvmPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }
}
