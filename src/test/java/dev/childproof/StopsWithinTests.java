package dev.childproof;

import dev.childproof.fixtures.IgnoresStopEvent;
import dev.childproof.fixtures.StopAware;
import dev.childproof.fixtures.StopsLate;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("@StopsWithin")
class StopsWithinTests {

    static final Duration GENEROUS = Duration.ofSeconds(30);
    /** A duration as failure messages show it: 180ms, 2.1s, 45s. */
    static final String TIME = "\\d+(\\.\\d)?m?s";
    static final String NL = System.lineSeparator();

    @Test
    void passesWhenTheProcessStopsOnItsOwnInTime() {
        ChildproofTestKit.executeTestClass(InTimeTestCase.class).hasTests(2, 0);
    }

    @Test
    void failsWhenTheWorkerIgnoresItsStopEvent() {
        ChildproofTestKit.executeTestClass(IgnoresEventTestCase.class).hasSingleFailedTest()
                .isInstanceOf(AssertionError.class)
                .withMessageMatching(String.join(NL,
                        "@StopsWithin\\(300ms\\) missed by process \\[stubborn\\] \\(pid (\\d+)\\): it did not stop on"
                                + " its own within 300ms of its stop request and was ended by SIGTERM after " + TIME
                                + "; killed by SIGTERM \\(exit code 143\\)\\.",
                        "Timeline:",
                        "  \\+" + TIME + " launched pid \\1",
                        "  \\+" + TIME + " ready",
                        "  \\+" + TIME + " stop requested \\(EVENT\\)",
                        "  \\+" + TIME + " SIGTERM sent to the tree",
                        "  \\+" + TIME + " killed by SIGTERM \\(exit code 143\\)",
                        "Last lines:",
                        "  \\[out\\] ready",
                        "Log: \\S+/failsTheTest/stubborn\\.log"));
    }

    @Test
    void namesSigkillWhenEvenSigtermIsIgnored() {
        ChildproofTestKit.executeTestClass(IgnoresSigtermTestCase.class).hasSingleFailedTest()
                .withMessageMatching(String.join(NL,
                        "@StopsWithin\\(200ms\\) missed by process \\[deaf\\] \\(pid (\\d+)\\): it did not stop on its"
                                + " own within 200ms of its stop request and was ended by SIGKILL after " + TIME
                                + "; killed by SIGKILL \\(exit code 137\\)\\.",
                        "Timeline:",
                        "  \\+" + TIME + " launched pid \\1",
                        "  \\+" + TIME + " ready",
                        "  \\+" + TIME + " stop requested \\(SIGTERM\\)",
                        "  \\+" + TIME + " SIGTERM sent to the tree",
                        "  \\+" + TIME + " SIGKILL sent to the tree",
                        "  \\+" + TIME + " killed by SIGKILL \\(exit code 137\\)",
                        "Last lines:",
                        "  \\[out\\] ignoring TERM",
                        "Log: \\S+/deaf\\.log"));
    }

    @Test
    void cutsALongLastLineAsFailureReportsDo() {
        String message = ChildproofTestKit.executeTestClass(LongLineTestCase.class).hasSingleFailedTest().throwable()
                .getMessage();
        // the report's 300 characters include the stream mark
        assertThat(message).contains(NL + "  [out] " + "x".repeat(294) + "... (1706 more characters)" + NL)
                .doesNotContain("x".repeat(295));
    }

    @Test
    void failsWhenTheProcessStopsOnItsOwnButTooLate() {
        ChildproofTestKit.executeTestClass(TooLateTestCase.class).hasSingleFailedTest()
                .withMessageMatching(String.join(NL,
                        "@StopsWithin\\(200ms\\) missed by process \\[slow\\] \\(pid (\\d+)\\): it stopped on its own,"
                                + " but " + TIME + " after its stop request; exited with code 0\\.",
                        "Timeline:",
                        "  \\+" + TIME + " launched pid \\1",
                        "  \\+" + TIME + " ready",
                        "  \\+" + TIME + " stop requested \\(EVENT\\)",
                        "  \\+" + TIME + " exited with code 0",
                        "Last lines:",
                        "  \\[out\\] ready",
                        "  \\[out\\] stopping slowly",
                        "Log: \\S+/slow\\.log"));
    }

    @Test
    void theNearestDeclarationWinsFieldOrParameterThenMethodThenClass() {
        var results = ChildproofTestKit.executeTestClass(NearestWinsTestCase.class);
        results.hasTests(0, 3);
        List<String> firstLines = firstLinesOfFailures(results);
        assertThat(firstLines).containsExactly(
                "@StopsWithin(100ms) missed by process [onClass]",
                "@StopsWithin(150ms) missed by process [onMethod]",
                "@StopsWithin(200ms) missed by process [onParameter]");
        ChildproofTestKit.executeTestClass(FieldWinsTestCase.class).hasSingleFailedTest()
                .withMessageMatching("@StopsWithin\\(250ms\\) missed by process \\[onField\\] .*");
    }

    @Test
    void onATestMethodItCoversTheProcessesOfItsBeforeEachParameters() {
        ChildproofTestKit.executeTestClass(BeforeEachParameterTestCase.class).hasSingleFailedTest()
                .withMessageMatching("(?s)@StopsWithin\\(300ms\\) missed by process \\[setUpWorker\\] .*");
    }

    @Test
    void onASuperclassItCoversTheFieldsDeclaredThere() {
        ChildproofTestKit.executeTestClass(InheritingTestCase.class).hasSingleFailedTest()
                .withMessageMatching("(?s)@StopsWithin\\(300ms\\) missed by process \\[inherited\\] .*");
    }

    @Test
    void reportsEveryProcessThatMissedInOneFailure() {
        Throwable failure = ChildproofTestKit.executeTestClass(TwoMissTestCase.class).hasSingleFailedTest()
                .withMessageMatching("@StopsWithin\\(250ms\\) missed by process \\[(first|second)\\] .*").throwable();
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(List.of(failure.getMessage(), failure.getSuppressed()[0].getMessage()))
                .map(message -> message.lines().findFirst().orElseThrow().replaceAll(" \\(pid .*", ""))
                .containsExactlyInAnyOrder("@StopsWithin(250ms) missed by process [first]",
                        "@StopsWithin(250ms) missed by process [second]");
    }

    @Test
    void daemonsAreNeverAskedNeverWaitedForAndNeverFail() {
        DaemonTestCase.handles.clear();
        ChildproofTestKit.executeTestClass(DaemonTestCase.class).hasTests(1, 0);
        assertThat(DaemonTestCase.handles).hasSize(2).allSatisfy(daemon -> {
            assertThat(daemon.endedBy()).contains(StopRung.SIGKILL);
            assertThat(daemon.exitStatus().map(ExitStatus::toString)).contains("killed by SIGKILL (exit code 137)");
            assertThat(daemon.stopEvent().isSet()).isFalse();
            assertThat(daemon.output().lines()).doesNotContain("asked");
            List<String> events = daemon.timeline().events().stream().map(TimelineEvent::description).toList();
            assertThat(events).hasSize(4).startsWith("launched pid " + daemon.pid())
                    .endsWith("ready", "SIGKILL sent to the tree", "killed by SIGKILL (exit code 137)");
        });
    }

    @Test
    void onAClassItCoversStaticFieldsAndFailsTheClass() {
        ChildproofTestKit.executeTestClass(StaticTestCase.class).hasSingleFailedContainer()
                .withMessageMatching("@StopsWithin\\(200ms\\) missed by process \\[shared\\] \\(pid \\d+\\): it did"
                        + " not stop on its own within 200ms of its stop request and was ended by SIGTERM after "
                        + TIME + "; killed by SIGTERM \\(exit code 143\\)\\..*");
    }

    @Test
    void timesAnExitWhenItHappensThoughAGrandchildHoldsTheOutputAndNoOneLooksUntilLater() {
        ChildproofTestKit.executeTestClass(LookedAtLaterTestCase.class).hasTests(1, 0);
    }

    @Test
    void timesTheExitOfAClassProcessWhoseStopTheTestsInterruptWhenItHappensNotWhenTheClassEnds() {
        ChildproofTestKit.executeTestClass(InterruptedStopOfAClassProcessTestCase.class).allTestsSucceeded()
                .hasTests(2, 0);
    }

    @Test
    void timesEveryExitOfAScopeWhenItHappensThoughTheyAreWaitedForInTurn() {
        ChildproofTestKit.executeTestClass(WaitedInTurnTestCase.class).hasTests(1, 0);
    }

    @Test
    void processesNeverAskedToStopAreNotChecked() {
        ChildproofTestKit.executeTestClass(NeverAskedTestCase.class).hasTests(2, 0);
    }

    @Test
    void aMalformedDurationIsAMisuseErrorRaisedBeforeAnythingLaunches() {
        var results = ChildproofTestKit.executeTestClass(MalformedTestCase.class);
        results.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@StopsWithin(\"soon\") on field [ChildProcess MalformedTestCase.worker] is not a duration; write it"
                        + " like 500ms, 2s, 1m or PT2S.");
        assertThat(results.launched()).isEmpty();
    }

    /**
     * The shell ends on SIGTERM at once, but the {@code sleep} it started keeps its output open, so no end of the
     * streams tells of the exit; the test sets the event and does not look at the process for 3 seconds.
     */
    static class LookedAtLaterTestCase {
        @Test
        void setsTheEventAndLooksAway(@StopsWithin("2s") @SpawnedProcess(command = {"sh", "-c", "sleep 60 & wait"})
                ChildProcess parent) {
            long pid = parent.pid();
            parent.stopEvent().set();
            org.awaitility.Awaitility.await().atMost(GENEROUS).until(() -> ProcessHandle.of(pid).isEmpty());
            // not a synchronisation: the scenario is that nothing looks at the process for a while after its exit
            org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(GENEROUS).until(() -> true);
        }
    }

    /**
     * A class's process, whose stop() a test's interrupt (a {@code @Timeout}, say) cuts short: the process exits on
     * its request at once, but the {@code sleep} it started keeps its output open, so no end of the streams tells of
     * the exit, and the next test does not look at it for 2.5 seconds. Its exit was timed when the class's cleanup
     * looked, a @StopsWithin(1s) miss "2.5s after its stop request". No readyWhen or awaitLine: a wait for its output
     * would have the exit watched anyway.
     */
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class InterruptedStopOfAClassProcessTestCase {
        @StopsWithin("1s")
        @SpawnedProcess(command = {"sh", "-c", "sleep 60 & while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.02;"
                + " done; read go; echo bye"}, stopMethod = StopMethod.EVENT)
        static ChildProcess shared;

        @Test
        void a_stopIsInterrupted() {
            Thread.currentThread().interrupt(); // as a @Timeout does
            org.assertj.core.api.Assertions.assertThatThrownBy(shared::stop).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Interrupted while stopping process [shared]");
            assertThat(Thread.interrupted()).isTrue();
            // only now may it exit: had it exited before the interrupted stop() looked, there was nothing to throw
            // for (it did once in CI, noticing its stop file at once on a loaded machine)
            shared.sendLine("go");
        }

        @Test
        void b_looksAway() {
            // not a synchronisation: the scenario is that nothing looks at the process for a while after its exit
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(2500)).atMost(GENEROUS).until(() -> true);
        }
    }

    /**
     * Cleanup asks all three to stop at once and waits for them in turn: {@code slow} takes 3 seconds, and the
     * quick one waited for after it (one of the two is, whatever the order), whose exit no end of stream tells, is
     * timed when it exits, not when its turn comes.
     */
    static class WaitedInTurnTestCase {
        @StopsWithin("2s")
        @SpawnedProcess(command = {"sh", "-c", "sleep 60 & wait"})
        ChildProcess quick1;

        @SpawnedProcess(command = {"sh", "-c", "trap 'sleep 3; exit 0' TERM; sleep 60 & wait"}, stopTimeout = "30s")
        ChildProcess slow;

        @StopsWithin("2s")
        @SpawnedProcess(command = {"sh", "-c", "sleep 60 & wait"})
        ChildProcess quick2;

        @Test
        void cleanupStopsAll() {
            assertThat(List.of(quick1.isAlive(), slow.isAlive(), quick2.isAlive())).containsOnly(true);
        }
    }

    static class InTimeTestCase {
        @StopsWithin("PT20S")
        @SpawnedProcess(main = StopAware.class)
        ChildProcess setByCleanup;

        @Test
        void cleanupSetsTheEvent() {
            setByCleanup.awaitLine("ready", GENEROUS);
        }

        @Test
        @StopsWithin("20s")
        void theTestSetsTheEvent(@SpawnedProcess(main = StopAware.class) ChildProcess worker) {
            worker.awaitLine("ready", GENEROUS);
            worker.stopEvent().set();
            assertThat(worker.join().code()).isZero();
        }
    }

    static class IgnoresEventTestCase {
        @StopsWithin("300ms")
        @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready", name = "stubborn", killTimeout = "30s")
        ChildProcess worker;

        @Test
        void failsTheTest() {
        }
    }

    static class IgnoresSigtermTestCase {
        @Test
        @StopsWithin("200ms")
        void failsTheTest(@SpawnedProcess(command = {"sh", "-c", "trap '' TERM; echo ignoring TERM; exec sleep 60"},
                readyWhen = "ignoring TERM", killTimeout = "200ms") ChildProcess deaf) {
        }
    }

    static class LongLineTestCase {
        @Test
        @StopsWithin("200ms")
        void failsTheTest(@SpawnedProcess(command = {"sh", "-c", "trap '' TERM; printf '%02000d\\n' 0 | tr 0 x;"
                + " echo; exec sleep 60"}, killTimeout = "200ms") ChildProcess deaf) {
            deaf.awaitLine("^$", Duration.ofSeconds(30));
        }
    }

    static class TooLateTestCase {
        @StopsWithin("200ms")
        @SpawnedProcess(main = StopsLate.class, args = "600", readyWhen = "ready")
        ChildProcess slow;

        @Test
        void failsTheTest() {
            slow.stopEvent().set();
            assertThat(slow.join().code()).isZero();
        }
    }

    @StopsWithin("100ms")
    static class NearestWinsTestCase {
        @Test
        void classWins(@SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready") ChildProcess onClass) {
        }

        @Test
        @StopsWithin("150ms")
        void methodWins(@SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready") ChildProcess onMethod) {
        }

        @Test
        @StopsWithin("1m")
        void parameterWins(@StopsWithin("200ms") @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready")
                ChildProcess onParameter) {
        }
    }

    @StopsWithin("1m")
    static class FieldWinsTestCase {
        @StopsWithin("250ms")
        @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready")
        ChildProcess onField;

        @Test
        @StopsWithin("1m")
        void fieldWins() {
        }
    }

    static class TwoMissTestCase {
        @StopsWithin("250ms")
        @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready")
        ChildProcess first;

        @StopsWithin("250ms")
        @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready")
        ChildProcess second;

        @Test
        void bothMiss() {
        }
    }

    static class BeforeEachParameterTestCase {
        @BeforeEach
        void setUp(@SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready", stopTimeout = "2s",
                name = "setUpWorker") ChildProcess worker) {
        }

        @Test
        @StopsWithin("300ms")
        void bounded() {
        }
    }

    @StopsWithin("300ms")
    abstract static class BoundedBase {
        @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready", stopTimeout = "2s")
        ChildProcess inherited;
    }

    static class InheritingTestCase extends BoundedBase {
        @Test
        void passes() {
        }
    }

    @StopsWithin("100ms")
    static class DaemonTestCase {
        static final List<ChildProcess> handles = new CopyOnWriteArrayList<>();

        @SpawnedProcess(main = StopAware.class, daemon = true, readyWhen = "ready", stopTimeout = "1m")
        ChildProcess javaDaemon;

        @SpawnedProcess(command = {"sh", "-c", "trap 'echo asked' TERM INT; echo ready; while :; do"
                + " [ -e \"$CHILDPROOF_STOP_FILE\" ] && echo asked; sleep 0.01; done"}, daemon = true,
                readyWhen = "ready", stopTimeout = "1m", killTimeout = "1m")
        ChildProcess shellDaemon;

        @Test
        void leavesThemRunning() {
            handles.add(javaDaemon);
            handles.add(shellDaemon);
        }
    }

    @StopsWithin("200ms")
    static class StaticTestCase {
        @SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready", killTimeout = "30s")
        static ChildProcess shared;

        @Test
        void passes() {
        }
    }

    @StopsWithin("100ms")
    static class NeverAskedTestCase {
        @Test
        void killedByTheTest(@SpawnedProcess(main = IgnoresStopEvent.class, readyWhen = "ready") ChildProcess worker) {
            assertThat(worker.kill()).hasToString("killed by SIGKILL (exit code 137)");
        }

        @Test
        void exitedBeforeCleanup(@SpawnedProcess(command = {"sh", "-c", "exit 3"}) ChildProcess quick) {
            assertThat(quick.join().code()).isEqualTo(3);
        }
    }

    /** The first line of each failed test's message, without the pid and what follows it, sorted. */
    private static List<String> firstLinesOfFailures(dev.childproof.testkit.ExecutionResults results) {
        return results.raw().testEvents().failed().list().stream()
                .map(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow().getMessage().lines().findFirst().orElseThrow()
                        .replaceAll(" \\(pid \\d+\\).*", ""))
                .sorted().toList();
    }

    @Test
    void onASpawnerFieldOrParameterItCoversTheProcessesItSpawns() {
        var results = ChildproofTestKit.executeTestClass(SpawnerTestCase.class);
        results.hasTests(0, 2);
        List<String> firstLines = firstLinesOfFailures(results);
        assertThat(firstLines).containsExactly(
                "@StopsWithin(200ms) missed by process [fromField]",
                "@StopsWithin(250ms) missed by process [fromParameter]");
    }

    @Test
    void onAnElementThatIsNoProcessItIsAMisuseErrorRaisedBeforeAnythingLaunches() {
        var onField = ChildproofTestKit.executeTestClass(NoProcessFieldTestCase.class);
        onField.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@StopsWithin on field [String NoProcessFieldTestCase.notAProcess] applies to no process; put it on a"
                        + " @SpawnedProcess or ProcessSpawner field or parameter, a test method or a test class, or"
                        + " remove it.");
        assertThat(onField.launched()).isEmpty();
        ChildproofTestKit.executeTestClass(NoProcessParameterTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ExtensionConfigurationException.class).withMessage(
                        "@StopsWithin on parameter [TestInfo info] of method [NoProcessParameterTestCase.runs]"
                                + " applies to no process; put it on a @SpawnedProcess or ProcessSpawner field or"
                                + " parameter, a test method or a test class, or remove it.");
    }

    @Test
    void aMalformedDurationWhereNoProcessReadsItIsAMisuseErrorToo() {
        ChildproofTestKit.executeTestClass(MalformedOnMethodTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ExtensionConfigurationException.class).withMessage(
                        "@StopsWithin(\"soon\") on method [MalformedOnMethodTestCase.spawnsLater] is not a duration;"
                                + " write it like 500ms, 2s, 1m or PT2S.");
        var onSpawner = ChildproofTestKit.executeTestClass(MalformedOnSpawnerTestCase.class);
        onSpawner.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@StopsWithin(\"soon\") on field [ProcessSpawner MalformedOnSpawnerTestCase.spawner] is not a"
                        + " duration; write it like 500ms, 2s, 1m or PT2S.");
        assertThat(onSpawner.launched()).isEmpty();
    }

    /**
     * One on a superclass or a lifecycle method was named after the first process that read it ("on field
     * [ChildProcess Base.worker]"), or went unread: on a superclass declaring no process, on a {@code @BeforeEach}
     * that takes no process, or until a {@code @BeforeEach}'s spawner spawned, after the test's process launched.
     */
    @Test
    void aMalformedDurationOnASuperclassOrALifecycleMethodIsNamedWhereItIsWrittenBeforeAnythingLaunches() {
        var onSuperclass = ChildproofTestKit.executeTestClass(MalformedOnSuperclassTestCase.class);
        onSuperclass.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@StopsWithin(\"soon\") on class [MalformedBase] is not a duration; write it like 500ms, 2s, 1m or"
                        + " PT2S.");
        assertThat(onSuperclass.launched()).isEmpty();
        ChildproofTestKit.executeTestClass(MalformedOnProcesslessSuperclassTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ExtensionConfigurationException.class).withMessage("@StopsWithin(\"soon\") on class"
                        + " [ProcesslessBase] is not a duration; write it like 500ms, 2s, 1m or PT2S.");
        var onLifecycle = ChildproofTestKit.executeTestClass(MalformedOnLifecycleMethodTestCase.class);
        onLifecycle.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@StopsWithin(\"soon\") on method [MalformedOnLifecycleMethodTestCase.setUp] is not a duration;"
                        + " write it like 500ms, 2s, 1m or PT2S.");
        assertThat(onLifecycle.launched()).isEmpty();
        ChildproofTestKit.executeTestClass(NoProcessLifecycleParameterTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ExtensionConfigurationException.class).withMessage(
                        "@StopsWithin on parameter [TestInfo info] of method [NoProcessLifecycleParameterTestCase"
                                + ".setUp] applies to no process; put it on a @SpawnedProcess or ProcessSpawner field"
                                + " or parameter, a test method or a test class, or remove it.");
    }

    @Test
    void aMistakeInAnEnclosingClassFailsItsNestedTestsBeforeAnythingLaunches() {
        var onEnclosing = ChildproofTestKit.executeTestClass(MalformedOnEnclosingClassTestCase.class);
        onEnclosing.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@StopsWithin on field [String MalformedOnEnclosingClassTestCase.label] applies to no process; put it"
                        + " on a @SpawnedProcess or ProcessSpawner field or parameter, a test method or a test class,"
                        + " or remove it.");
        assertThat(onEnclosing.launched()).isEmpty();
    }

    @StopsWithin("soon")
    static class MalformedBase {
        @SpawnedProcess(main = StopAware.class)
        ChildProcess worker;
    }

    static class MalformedOnSuperclassTestCase extends MalformedBase {
        @Test
        void neverRuns() {
        }
    }

    @StopsWithin("soon")
    static class ProcesslessBase {
    }

    static class MalformedOnProcesslessSuperclassTestCase extends ProcesslessBase {
        @Test
        void neverRuns(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
        }
    }

    /** Only the check of the enclosing class finds its field's mistake: no process reads that field's bound. */
    static class MalformedOnEnclosingClassTestCase {
        @StopsWithin("2s")
        String label;

        @Nested
        class Inner {
            @Test
            void neverRuns(@StopsWithin("2s") @SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            }
        }
    }

    static class MalformedOnLifecycleMethodTestCase {
        ProcessSpawner spawner;

        @BeforeEach
        @StopsWithin("soon")
        void setUp(ProcessSpawner spawner) {
            this.spawner = spawner;
        }

        @Test
        void neverRuns(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            spawner.command("sleep", "60").spawn();
        }
    }

    static class NoProcessLifecycleParameterTestCase {
        @BeforeEach
        void setUp(@StopsWithin("2s") TestInfo info) {
        }

        @Test
        void neverRuns() {
        }
    }

    @StopsWithin("1m")
    static class SpawnerTestCase {
        @StopsWithin("200ms")
        ProcessSpawner spawner;

        @Test
        void fromField() {
            spawner.main(IgnoresStopEvent.class).name("fromField").readyWhen("ready").spawn();
        }

        @Test
        void fromParameter(@StopsWithin("250ms") ProcessSpawner mine) {
            mine.main(IgnoresStopEvent.class).name("fromParameter").readyWhen("ready").spawn();
        }
    }

    static class NoProcessFieldTestCase {
        @StopsWithin("2s")
        String notAProcess;

        @SpawnedProcess(main = StopAware.class)
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }

    static class NoProcessParameterTestCase {
        @Test
        void runs(@StopsWithin("2s") TestInfo info) {
        }
    }

    static class MalformedOnMethodTestCase {
        @Test
        @StopsWithin("soon")
        void spawnsLater(ProcessSpawner spawner) {
        }
    }

    static class MalformedOnSpawnerTestCase {
        @StopsWithin("soon")
        ProcessSpawner spawner;

        @SpawnedProcess(main = StopAware.class)
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }

    static class MalformedTestCase {
        @StopsWithin("soon")
        @SpawnedProcess(main = StopAware.class)
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }
}
