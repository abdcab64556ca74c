package dev.childproof;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ForkLoop;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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

    @Test
    void onJava22AndLaterTheFirstLaunchOfARunHasItsOrphansAdoptedToo() {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        // a JVM of its own, since only its first launch shows it; no cgroup, which would end the daemon itself
        ForkLoop daemon = null;
        try (TestJvm jvm = TestJvm.running(FirstLaunchTestCase.class, "-Dchildproof.cleanup.cgroup=off")) {
            ForkLoop launched = FIRST_LAUNCH_DAEMON.launchedBy(jvm.process().pid());
            daemon = launched;
            jvm.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(60));
            await("the daemon that escaped the run's first launch to be ended").atMost(Duration.ofSeconds(30))
                    .until(() -> launched.alive().isEmpty());
        } finally {
            if (daemon != null) {
                daemon.end(); // what a failing run left must not outlive the build
            }
        }
    }

    @Test
    void onJava22AndLaterAProcessTheTestStartsInASessionOfItsOwnIsNotTakenForAnAdoptedOrphan() {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        // a JVM of its own: a scope's sweep takes adopted orphans only when no other test's processes run
        ForkLoop own = null;
        try (TestJvm jvm = TestJvm.running(OwnSessionTestCase.class, "-Dchildproof.cleanup.cgroup=off")) {
            own = OWN_SESSION.launchedBy(jvm.process().pid());
            jvm.awaitLine("^tests succeeded 2, failed 0$", Duration.ofSeconds(60));
        } finally {
            if (own != null) {
                own.end();
            }
        }
    }

    /**
     * What a failing run left is ended here, so that it does not outlive the build either (safe in an
     * {@code @AfterEach}: this class is isolated, so its tests run one at a time). The fixtures run in a JVM of their
     * own end theirs in their tests, which know that JVM's pid.
     */
    @AfterEach
    void endWhatAFailingRunLeft() {
        FORK_LOOP.end();
    }

    private static final String OWN_SESSION_MARK = "29471";
    private static final ForkLoop OWN_SESSION = new ForkLoop(OWN_SESSION_MARK);

    /** Run in a JVM of its own: the test starts a process of its own in a session of its own, as a daemon would be. */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OwnSessionTestCase {
        static Process mine;

        @Test
        @Order(1)
        void startsOne(@SpawnedProcess(command = {"sleep", "300"}) ChildProcess launched) throws Exception {
            mine = new ProcessBuilder("setsid", "sleep", ForkLoop.mark(OWN_SESSION_MARK, ProcessHandle.current().pid()))
                    .start();
            // the adoption watch looks at the JVM's children every 100 ms
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(mine::isAlive);
        }

        @Test
        @Order(2)
        void itOutlivedTheScope() {
            assertThat(mine.isAlive()).as("the test's own process, after the scope's sweep").isTrue();
            mine.destroy();
        }
    }

    private static final String FIRST_LAUNCH_MARK = "29413";
    private static final ForkLoop FIRST_LAUNCH_DAEMON = new ForkLoop(FIRST_LAUNCH_MARK);

    /** Run in a JVM of its own: its first launch leaves a daemon that cleared its environment, at once. */
    static class FirstLaunchTestCase {
        @Test
        void escapes(@SpawnedProcess(command = {"sh", "-c", ForkLoop.JVM_PID + "(setsid env -i sleep "
                + FIRST_LAUNCH_MARK + ".$p &); sleep 0.3"}) ChildProcess root) {
            assertThat(root.join(Duration.ofSeconds(20))).isPresent();
        }
    }

    private static final String FORK_MARK = "29411";
    private static final ForkLoop FORK_LOOP = new ForkLoop(FORK_MARK);

    static class ForkLoopTestCase {
        @Test
        void leavesAnOrphanForking(@SpawnedProcess(command = {"sh", "-c", ForkLoop.JVM_PID
                + "sh -c \"while :; do sleep " + FORK_MARK + ".$p & sleep 0.005; done\" & exit 0"}) ChildProcess root) {
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
