package dev.childproof;

import dev.childproof.internal.reap.Adoption;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On Java 22+ the test JVM is a child subreaper: a daemon the test's own code starts ({@code setsid}, then its parent
 * exits) becomes the JVM's child, and the adoption layer took it for an escapee of a launched tree, ended it at the
 * scope's close and kept it from {@code @DetectProcessLeaks}, which never reported it. Where every launch had a
 * cgroup of its own, an escapee is known by its cgroup (or cookie), so an adopted child in neither is the test's.
 * In a JVM of its own, whose every launch has a cgroup (where cgroups are writable).
 */
@DisplayName("@DetectProcessLeaks on Java 22+: a daemon the test's own code started is a leak, adopted or not")
class LeakDetectionAdoptedDaemonTests {

    @Test
    void aDaemonTheTestStartedIsReportedThoughTheSubreaperAdoptedIt() {
        assumeTrue(Runtime.version().feature() >= 22, "the JVM adopts orphans from Java 22 (FFM)");
        try (TestJvm jvm = TestJvm.running(DaemonTestCase.class)) {
            String summary = jvm.awaitLine("^(tests succeeded \\d+, failed \\d+)$", Duration.ofSeconds(60));
            assumeTrue(jvm.lines().contains("every launch contained: true"), "each launch had a cgroup of its own");
            long daemon = Long.parseLong(jvm.awaitLine("^daemon (\\d+)$", Duration.ofSeconds(1)));
            try {
                assertThat(summary).as("the run's summary; its lines: %s", jvm.lines())
                        .isEqualTo("tests succeeded 0, failed 1");
                assertThat(jvm.lines()).contains("failure of startsADaemon(ChildProcess): @DetectProcessLeaks"
                        + " [DaemonTestCase.startsADaemon()] found 1 process the test started and left"
                        + " running, ended now: pid " + daemon + " (sleep 315); end it in the test, or declare it"
                        + " with @SpawnedProcess.");
                // SIGKILLed by the leak check; gone once its parent, the subreaper JVM, has reaped it
                await("the daemon " + daemon + " to be gone").atMost(Duration.ofSeconds(30))
                        .until(() -> ProcessHandle.of(daemon).filter(ProcessHandle::isAlive).isEmpty());
            } finally {
                ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Run in a JVM of its own: launches one process, then starts a daemon of its own and leaves it. */
    static class DaemonTestCase {
        @Test
        @DetectProcessLeaks
        void startsADaemon(@SpawnedProcess(command = {"true"}) ChildProcess earlier) throws Exception {
            earlier.join(); // the run launched something before: orphans are adopted from then on
            System.out.println("every launch contained: " + Containment.instance().everyLaunchContained());
            Process sh = new ProcessBuilder("sh", "-c", "setsid sleep 315 > /dev/null 2>&1 & echo $!").start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(sh.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long pid = Long.parseLong(out.readLine().trim());
                System.out.println("daemon " + pid);
                sh.waitFor();
                // a test that goes on for a few hundred milliseconds: the subreaper's watcher adopts the daemon
                await().atMost(Duration.ofSeconds(10)).until(() -> Adoption.instance().recorded().stream()
                        .anyMatch(id -> id.pid() == pid));
            }
        }
    }
}
