package dev.childproof;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without the cgroup layer, the descendants of a stopped process are found by walking the tree before it is asked
 * to stop. Here they cleared their environment, so no cookie sweep can find them: only the walk does.
 */
@DisplayName("Cleanup without a cgroup: descendants that cleared their environment are found by the tree walk")
class TreeWalkTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsChildrenAndGrandchildrenWithoutCookies() {
        assertTheFixtureLeavesNothing(TreeTestCase.class, TreeTestCase.descendants);
    }

    @Test
    void endsTheTreeOfAProcessThatTheTestStoppedThroughItsEvent() {
        assertTheFixtureLeavesNothing(EventTestCase.class, EventTestCase.descendants);
    }

    /**
     * Runs the fixture without the cgroup layer; none of the three descendants it recorded may outlive it. What a
     * failing run left behind is ended here, so that it does not outlive the build either: here, not in an
     * {@code @AfterEach}, since this class's tests run concurrently and one's would end the other's descendants
     * while that one still runs, hiding a walk that missed them.
     */
    private static void assertTheFixtureLeavesNothing(Class<?> fixture, List<ProcessIdentity> descendants) {
        descendants.clear();
        try {
            ChildproofTestKit.executeTestClass(fixture, Map.of("childproof.cleanup.cgroup", "off")).hasTests(1, 0);

            assertThat(descendants).hasSize(3);
            // the ladder waits for what it signalled; the walk found them all, or some would still run
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(descendants)
                    .as("descendants alive after the test").noneMatch(id -> id.isAlive(OS)));
        } finally {
            for (ProcessIdentity id : descendants) {
                id.signal(OS, "KILL");
            }
        }
    }

    /** Waits for the root's three descendants (none with a cookie) and returns them. */
    static List<ProcessIdentity> descendantsWithoutCookies(ChildProcess root) {
        ProcessHandle handle = ProcessHandle.of(root.pid()).orElseThrow();
        // a child that is still exec'ing (env before sleep) may read its old environment: wait for all three
        await().atMost(Duration.ofSeconds(20)).until(() -> handle.descendants()
                .filter(d -> OS.commandLine(d.pid()).startsWith("sleep")
                        || OS.commandLine(d.pid()).startsWith("sh -c env -i sleep"))
                .count() == 3);
        List<ProcessIdentity> found = handle.descendants()
                .map(d -> ProcessIdentity.of(OS, d.pid()).orElseThrow()).collect(Collectors.toList());
        for (ProcessIdentity id : found) {
            assertThat(OS.environmentVariable(id.pid(), ChildEnvironment.COOKIE)).as("cookie of %s", id)
                    .isEqualTo(Optional.empty());
        }
        return found;
    }

    /** The cleanup asks the process to stop. */
    static class TreeTestCase {
        static final List<ProcessIdentity> descendants = new CopyOnWriteArrayList<>();

        @Test
        void hasATreeWithoutCookies(@SpawnedProcess(command = {"sh", "-c", TREE}) ChildProcess root) {
            descendants.addAll(descendantsWithoutCookies(root));
        }
    }

    /** The test sets the stop event itself and sees the process end before the cleanup. */
    static class EventTestCase {
        static final List<ProcessIdentity> descendants = new CopyOnWriteArrayList<>();

        @Test
        void stopsItsProcessThroughTheEvent(@SpawnedProcess(command = {"sh", "-c", TREE}) ChildProcess root) {
            descendants.addAll(descendantsWithoutCookies(root));
            root.stopEvent().set();
            assertThat(root.join().isSuccess()).isFalse();
        }
    }

    /** sh with two children (sleep; sh) and a grandchild (sleep), none of them with the parent's environment. */
    private static final String TREE = "env -i sleep 300 & env -i sh -c 'env -i sleep 300 & wait' & wait";
}
