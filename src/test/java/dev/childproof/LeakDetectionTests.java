package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ForkLoop;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Isolated("@DetectProcessLeaks counts every child of the test JVM")
@DisplayName("@DetectProcessLeaks")
class LeakDetectionTests {

    private static final List<Process> started = new CopyOnWriteArrayList<>();

    @Test
    void onJava22AndLaterAGrandchildTheTestOrphanedIsFoundInAJvmThatLaunchedNothing() {
        assumeTrue(Runtime.version().feature() >= 22, "the JVM adopts orphans from Java 22 (FFM)");
        ForkLoop orphan = null;
        try (TestJvm jvm = TestJvm.running(OrphaningTestCase.class)) {
            orphan = ORPHAN.launchedBy(jvm.process().pid());
            jvm.awaitLine("^tests succeeded 0, failed 1$", Duration.ofSeconds(60));
        } finally {
            if (orphan != null) {
                orphan.end(); // what a failing run left must not outlive the build
            }
        }
    }

    @Test
    void failsATestThatLeftAProcessRunningNamesItAndEndsIt() {
        started.clear();
        ChildproofTestKit.executeTestClass(LeakyTestCase.class).hasSingleFailedTest()
                .isInstanceOf(AssertionError.class)
                .withMessage("@DetectProcessLeaks [LeakyTestCase.leaksOne()] found 1 process the test started and"
                        + " left running, ended now: pid " + started.get(0).pid() + " (sleep 301); end it in the test,"
                        + " or declare it with @SpawnedProcess.");
        assertThat(exited(started.get(0))).isTrue();
    }

    @Test
    void countsNeitherProcessesOfTheExtensionNorThoseTheTestEnded() {
        started.clear();
        ChildproofTestKit.executeTestClass(TidyTestCase.class).hasTests(2, 0);
    }

    @Test
    void onAClassChecksWhatBeforeAllLeft() {
        started.clear();
        var results = ChildproofTestKit.executeTestClass(LeakyBeforeAllTestCase.class);
        results.hasTests(1, 0);
        results.hasSingleFailedContainer().withMessage("@DetectProcessLeaks [LeakyBeforeAllTestCase] found 2"
                + " processes the class started and left running, ended now: pid " + started.get(0).pid()
                + " (sleep 302), pid " + started.get(1).pid() + " (sh -c sleep 303 & wait); end them in the test, or"
                + " declare them with @SpawnedProcess.");
        assertThat(started).allMatch(LeakDetectionTests::exited);
    }

    @Test
    void warnsWithoutFailingUnderTheWarnPolicyAndStillEndsTheProcess() {
        started.clear();
        ChildproofTestKit.executeTestClass(WarnTestCase.class).hasTests(1, 0);
        assertThat(exited(started.get(0))).isTrue();
    }

    @Test
    void followsTheConfiguredPolicyWhenTheAnnotationDoesNotSayOne() {
        started.clear();
        ChildproofTestKit.executeTestClass(LeakyTestCase.class, Map.of("childproof.leaks.policy", "off"))
                .hasTests(1, 0);
        try {
            assertThat(started.get(0).isAlive()).as("left alone under policy off").isTrue();
        } finally {
            started.forEach(Process::destroyForcibly);
        }
        ChildproofTestKit.executeTestClass(LeakyTestCase.class, Map.of("childproof.leaks.policy", "warn"))
                .hasTests(1, 0);
        assertThat(exited(started.get(1))).isTrue();
    }

    @Test
    void aMalformedPolicyFailsTheTestBeforeItsCodeRuns() {
        started.clear();
        try {
            ChildproofTestKit.executeTestClass(LeakyTestCase.class, Map.of("childproof.leaks.policy", "bogus"))
                    .hasSingleFailedTest().withMessage("Configuration parameter [childproof.leaks.policy] has value"
                            + " [bogus], which is not a leak policy; write fail, warn or off.");
            assertThat(started).as("processes the test's code started").isEmpty();
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    /**
     * Whether the process has exited, allowing the JDK's reaper thread a moment: the leak check waits until the
     * process is gone or a zombie, and {@link Process#isAlive()} turns false only once the JDK has reaped it.
     */
    static boolean exited(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static final String ORPHAN_MARK = "29451";
    private static final ForkLoop ORPHAN = new ForkLoop(ORPHAN_MARK);

    /** Run in a JVM of its own that launches nothing through Childproof: the leak check alone must adopt. */
    static class OrphaningTestCase {
        @Test
        @DetectProcessLeaks
        void orphansAGrandchild() throws Exception {
            Process sh = new ProcessBuilder("sh", "-c", "sleep " + ForkLoop.mark(ORPHAN_MARK,
                    ProcessHandle.current().pid()) + " & echo started; wait").start();
            sh.getInputStream().read(); // its child runs
            sh.destroy(); // the sh ends, its sleep is orphaned
            sh.waitFor();
        }
    }

    static class LeakyTestCase {
        @Test
        @DetectProcessLeaks
        void leaksOne() throws IOException {
            start("sleep", "301");
        }
    }

    @DetectProcessLeaks(DetectProcessLeaks.Policy.FAIL)
    static class TidyTestCase {
        @SpawnedProcess(command = {"sleep", "300"})
        ChildProcess declared;

        @Test
        void launchesThroughTheExtension() {
            assertThat(declared.isAlive()).isTrue();
        }

        @Test
        void endsWhatItStarts() throws Exception {
            Process own = start("sleep", "300");
            own.destroy();
            own.waitFor();
        }
    }

    @DetectProcessLeaks
    static class LeakyBeforeAllTestCase {
        @BeforeAll
        static void startsTwo() throws IOException {
            start("sleep", "302");
            start("sh", "-c", "sleep 303 & wait");
        }

        @Test
        void passes() {
        }
    }

    @DetectProcessLeaks(DetectProcessLeaks.Policy.WARN)
    static class WarnTestCase {
        @Test
        void leaksOne() throws IOException {
            start("sleep", "304");
        }
    }
}
