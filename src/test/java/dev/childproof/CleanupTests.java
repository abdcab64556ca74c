package dev.childproof;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Cleanup: trees, SIGTERM-ignorers, timeouts and failing set-up leave nothing behind")
class CleanupTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsATreeAndASigtermIgnorerWithAllTheirDescendantsAndRecordsTheRung() {
        TreesTestCase.descendants.clear();
        ChildproofTestKit.executeTestClass(TreesTestCase.class).hasTests(1, 0);

        assertThat(TreesTestCase.tree.endedBy()).contains(StopRung.STOP_EVENT);
        assertThat(TreesTestCase.ignorer.endedBy()).contains(StopRung.SIGKILL);
        assertThat(TreesTestCase.ignorer.exitStatus().orElseThrow()).hasToString("killed by SIGKILL (exit code 137)");
        assertThat(TreesTestCase.descendants).hasSize(4);
        assertThat(TreesTestCase.descendants.stream().filter(id -> id.isAlive(OS)).collect(Collectors.toList()))
                .as("descendants alive after the test").isEmpty();
    }

    @Test
    void aTestInterruptedByTimeoutLeavesNothing() {
        var results = ChildproofTestKit.executeTestClass(TimeoutTestCase.class);
        results.hasSingleFailedTest().withMessage("hangs(dev.childproof.ChildProcess) timed out after 300 milliseconds");
        assertThat(results.launched()).hasSize(1);
    }

    @Test
    void aFailingBeforeEachLeavesNothing() {
        var results = ChildproofTestKit.executeTestClass(FailingBeforeEachTestCase.class);
        results.hasSingleFailedTest().withMessage("@BeforeEach failed on purpose");
        assertThat(results.launched()).hasSize(2);
    }

    @Test
    void aFailingBeforeAllLeavesNothing() {
        var results = ChildproofTestKit.executeTestClass(FailingBeforeAllTestCase.class);
        results.hasSingleFailedContainer().withMessage("@BeforeAll failed on purpose");
        assertThat(results.launched()).hasSize(1);
    }

    static List<ProcessIdentity> awaitDescendants(ChildProcess process, int count) {
        return await("descendants of " + process.name()).atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(process.pid()).orElseThrow().descendants()
                        .map(h -> ProcessIdentity.of(OS, h.pid())).flatMap(java.util.Optional::stream)
                        .collect(Collectors.toList()), list -> list.size() == count);
    }

    static class TreesTestCase {
        static final List<ProcessIdentity> descendants = new CopyOnWriteArrayList<>();
        static ChildProcess tree;
        static ChildProcess ignorer;

        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & wait"}, stopTimeout = "2s",
                killTimeout = "1s")
        ChildProcess treeField;

        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & wait"}, stopTimeout = "200ms",
                killTimeout = "200ms")
        ChildProcess ignorerField;

        @Test
        void startsTrees() {
            tree = treeField;
            ignorer = ignorerField;
            descendants.addAll(awaitDescendants(treeField, 2));
            descendants.addAll(awaitDescendants(ignorerField, 2));
        }
    }

    static class TimeoutTestCase {
        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        void hangs(@SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & wait"}) ChildProcess tree)
                throws InterruptedException {
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    static class FailingBeforeEachTestCase {
        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & wait"})
        ChildProcess perTest;

        @SpawnedProcess(command = {"sleep", "300"})
        static ChildProcess perClass;

        @BeforeEach
        void setUp() {
            throw new IllegalStateException("@BeforeEach failed on purpose");
        }

        @Test
        void neverRuns() {
        }
    }

    static class FailingBeforeAllTestCase {
        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & wait"})
        static ChildProcess perClass;

        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("@BeforeAll failed on purpose");
        }

        @Test
        void neverRuns() {
        }
    }
}
