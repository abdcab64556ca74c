package dev.childproof;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ForkLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Escapes from the tree through the extension. The subreaper layer on its own is tested in
 * {@code internal.reap.SubreaperTests}, with the cgroup layer off.
 */
@Isolated("counts the test JVM's adopted children")
@DisplayName("Cleanup: double-forked daemons that left the tree")
class EscapeTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsADoubleForkedDaemonFoundByItsCookie() {
        DoubleForkTestCase.escapee.set(null);
        ChildproofTestKit.executeTestClass(DoubleForkTestCase.class).hasTests(1, 0);

        ProcessIdentity escapee = DoubleForkTestCase.escapee.get();
        assertThat(escapee).isNotNull();
        assertThat(escapee.isAlive(OS)).as("escapee alive after the test").isFalse();
    }

    @Test
    void endsADaemonThatClearedItsEnvironmentThroughItsCgroup() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        EnvClearedTestCase.escapee.set(null);
        ChildproofTestKit.executeTestClass(EnvClearedTestCase.class).hasTests(1, 0);

        ProcessIdentity escapee = EnvClearedTestCase.escapee.get();
        assertThat(escapee).isNotNull();
        assertThat(escapee.isAlive(OS)).as("escapee alive after the test").isFalse();
    }

    @Test
    void endsAnOrphanThatKeepsForkingAndAllItForkedWithoutACgroup() {
        // the sweep must look again after its SIGKILLs: what the orphan forked meanwhile carries the cookie too
        ChildproofTestKit.executeTestClass(ForkLoopTestCase.class, Map.of("childproof.cleanup.cgroup", "off"))
                .hasTests(1, 0); // fails itself if anything carrying the cookie outlives the test
        assertThat(FORK_LOOP.alive()).as("fork loop processes alive after the test").isEmpty();
    }

    @Test
    void endsAnOrphanThatKeepsForkingAndAllItForked() {
        ChildproofTestKit.executeTestClass(ForkLoopTestCase.class).hasTests(1, 0);
        assertThat(FORK_LOOP.alive()).as("fork loop processes alive after the test").isEmpty();
    }

    @AfterEach
    void endTheForkLoop() {
        FORK_LOOP.end();
    }

    private static final String FORK_MARK = "29411";
    private static final ForkLoop FORK_LOOP = new ForkLoop(FORK_MARK);

    static class ForkLoopTestCase {
        @Test
        void leavesAnOrphanForking(@SpawnedProcess(command = {"sh", "-c",
                "sh -c 'while :; do sleep " + FORK_MARK + " & sleep 0.005; done' & exit 0"}) ChildProcess root) {
            assertThat(root.join(Duration.ofSeconds(20))).as("the child exited on its own").isPresent();
            await().atMost(Duration.ofSeconds(20)).until(() -> FORK_LOOP.alive().size() > 20);
        }
    }

    static ProcessIdentity escapeeOf(ChildProcess daemon) {
        String line = daemon.awaitLine("^escapee \\d+$", Duration.ofSeconds(20));
        long pid = Long.parseLong(line.substring("escapee ".length()));
        return ProcessIdentity.of(OS, pid).orElseThrow();
    }

    static class DoubleForkTestCase {
        static final AtomicReference<ProcessIdentity> escapee = new AtomicReference<>();

        @Test
        void daemonizes(@SpawnedProcess(command = {"sh", "-c",
                "(setsid sh -c 'echo escapee $$; exec sleep 300 >/dev/null 2>&1' &); exec sleep 300"})
                ChildProcess daemon) {
            ProcessIdentity id = escapeeOf(daemon);
            escapee.set(id);
            assertThat(ProcessHandle.of(daemon.pid()).stream().flatMap(ProcessHandle::descendants)
                    .anyMatch(h -> h.pid() == id.pid())).as("still in the tree").isFalse();
            // read once its exec of sleep is over: mid-exec, /proc/<pid>/environ reads as empty
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> OS.environmentVariable(id.pid(), ChildEnvironment.COOKIE).isPresent());
        }
    }

    static class EnvClearedTestCase {
        static final AtomicReference<ProcessIdentity> escapee = new AtomicReference<>();

        @Test
        void daemonizesWithoutEnvironment(@SpawnedProcess(command = {"sh", "-c",
                "(setsid env -i sh -c 'echo escapee $$; exec sleep 300 >/dev/null 2>&1' &); exec sleep 300"})
                ChildProcess daemon) {
            ProcessIdentity id = escapeeOf(daemon);
            escapee.set(id);
            assertThat(OS.environmentVariable(id.pid(), ChildEnvironment.COOKIE)).isEqualTo(Optional.empty());
        }
    }
}
