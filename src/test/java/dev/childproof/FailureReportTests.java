package dev.childproof;

import dev.childproof.fixtures.StopAware;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.internal.reap.LaunchRegistry;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.childproof.OutputTests.expectedLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@DisplayName("Failure reports and published logs")
class FailureReportTests {

    private static final String PID = "\\(pid \\d+\\) ";
    private static final String ALIVE = "is (RUNNING|BLOCKED)\\.";

    @Test
    void aFailedTestCarriesTheStateLastLinesAndLogOfEveryProcessOfTheTest() {
        Throwable failure = ChildproofTestKit.executeTestClass(FailingTestCase.class).hasSingleFailedTest()
                .withMessage("the test failed on purpose").throwable();
        String lastTwenty = IntStream.rangeClosed(11, 30).mapToObj(i -> "\n  [out] line " + i)
                .collect(Collectors.joining());
        List<String> reports = suppressedMessages(failure);
        assertThat(reports).hasSize(4);
        // the static process's scope encloses the test's, so it comes first; the test's own follow in the order JUnit
        // lists their fields
        assertThat(reports.get(0)).matches(Pattern.quote("Process [shared] ") + PID + ALIVE + Pattern.quote(
                "\nLast line of output:\n  [out] shared up\nFull log: " + Paths.get("target", "childproof",
                        FailingTestCase.class.getName(), "shared.log").toAbsolutePath()));
        assertThat(report(reports, "quitter")).matches(Pattern.quote("Process [quitter] ") + PID + Pattern.quote(
                "exited with code 3.\nLast 20 lines of output:" + lastTwenty + "\nFull log: "
                        + expectedLog(FailingTestCase.class, "fails", "quitter")));
        assertThat(report(reports, "sleeper")).matches(Pattern.quote("Process [sleeper] ") + PID + ALIVE
                + Pattern.quote("\nLast line of output:\n  [err] oops\nFull log: "
                        + expectedLog(FailingTestCase.class, "fails", "sleeper")));
        assertThat(report(reports, "unstarted")).isEqualTo("Process [unstarted] was never started (it is NEW).");
    }

    private static String report(List<String> reports, String process) {
        return reports.stream().filter(r -> r.startsWith("Process [" + process + "]")).findFirst().orElseThrow();
    }

    @Test
    void aFailingLifecycleMethodCarriesTheReportToo() {
        Throwable failure = ChildproofTestKit.executeTestClass(FailingAfterEachTestCase.class).hasSingleFailedTest()
                .withMessage("cleanup failed on purpose").throwable();
        assertThat(suppressedMessages(failure)).singleElement().asString().matches(Pattern.quote(
                "Process [worker] ") + PID + ALIVE + Pattern.quote("\nLast line of output:\n  [out] ready\nFull log: "
                + expectedLog(FailingAfterEachTestCase.class, "passes", "worker")));

        Throwable classFailure = ChildproofTestKit.executeTestClass(FailingBeforeAllTestCase.class)
                .hasSingleFailedContainer().withMessage("setup failed on purpose").throwable();
        assertThat(suppressedMessages(classFailure)).singleElement().asString().matches(Pattern.quote(
                "Process [shared] ") + PID + Pattern.quote("exited with code 0.\nLast line of output:\n  [out] bye\n"
                + "Full log: " + Paths.get("target", "childproof", FailingBeforeAllTestCase.class.getName(),
                "shared.log").toAbsolutePath()));
    }

    @Test
    void aFailedDynamicTestCarriesTheReportOfItsFactorysProcesses() {
        Throwable failure = ChildproofTestKit.executeTestClass(FailingDynamicTestCase.class).hasSingleFailedTest()
                .withMessage("the dynamic test failed on purpose").throwable();
        assertThat(suppressedMessages(failure)).singleElement().asString().matches(Pattern.quote(
                "Process [worker] ") + PID + ALIVE + Pattern.quote("\nLast line of output:\n  [out] up\nFull log: "
                + expectedLog(FailingDynamicTestCase.class, "factory", "worker")));
    }

    @Test
    void aFailedTestsReportShowsTheLineAProcessHasBegunButNotEnded() {
        Throwable failure = ChildproofTestKit.executeTestClass(PromptTestCase.class).hasSingleFailedTest()
                .withMessage("the test failed on purpose").throwable();
        assertThat(suppressedMessages(failure)).singleElement().asString().matches(Pattern.quote(
                "Process [login] ") + PID + ALIVE + Pattern.quote("\nLast 2 lines of output:\n  [out] connected\n"
                + "  [out] Password:  (no line end yet)\nFull log: "
                + expectedLog(PromptTestCase.class, "fails", "login")));
    }

    @Test
    void aReportCutsALongLineBeforeASurrogatePairRatherThanThroughIt() {
        Throwable failure = ChildproofTestKit.executeTestClass(EmojiTestCase.class).hasSingleFailedTest()
                .withMessage("the test failed on purpose").throwable();
        String zeros = "0".repeat(299);
        assertThat(suppressedMessages(failure)).singleElement().asString().matches(Pattern.quote(
                "Process [emoji] ") + PID + ALIVE + Pattern.quote("\nLast 2 lines of output:\n  [out] " + zeros
                + "... (6 more characters)\n  [err] " + zeros + "... (7 more characters) (no line end yet)\n"
                + "Full log: " + expectedLog(EmojiTestCase.class, "fails", "emoji")));
    }

    @Test
    void aReportSaysWhenTheLogWasRemovedDuringTheRun() {
        Throwable failure = ChildproofTestKit.executeTestClass(RemovedLogTestCase.class).hasSingleFailedTest()
                .withMessage("the test failed on purpose").throwable();
        assertThat(suppressedMessages(failure)).singleElement().asString().matches(Pattern.quote(
                "Process [writer] ") + PID + ALIVE + Pattern.quote("\nLast line of output:\n  [out] hello\n"
                + "Full log: " + expectedLog(RemovedLogTestCase.class, "fails", "writer")
                + " (missing: removed during the run)"));
    }

    @Test
    void anAbortedTestIsNotAFailureAndGetsNoReport() {
        var results = ChildproofTestKit.executeTestClass(AbortedTestCase.class);
        results.hasTests(0, 0);
        Throwable aborted = results.raw().testEvents().aborted().list().get(0)
                .getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(aborted.getSuppressed()).isEmpty();
    }

    @Test
    void publishesEachCompleteLogToTheReportOnceItsProcessHasEnded(@TempDir Path reports) throws Exception {
        List<LaunchRecord> launched = LaunchRegistry.instance().watchCurrentThread();
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .outputDirectoryCreator(new Directories(reports))
                    .selectors(selectClass(PublishingTestCase.class))
                    .execute();
        } finally {
            LaunchRegistry.instance().unwatchCurrentThread();
        }
        ChildproofTestKit.assertNothingOutlived(launched);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        List<FileEntry> files = results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getPayload(FileEntry.class).orElseThrow()).collect(Collectors.toList());
        assertThat(files).singleElement().satisfies(file -> {
            assertThat(file.getPath().getFileName()).hasToString("worker.log");
            assertThat(file.getPath()).startsWith(reports);
            // "stopping" is printed after the test, when cleanup sets the stop event: the log was published whole
            assertThat(Files.readAllLines(file.getPath())).containsExactly("[out] ready", "[out] stopping");
        });
    }

    /**
     * Two tests run {@link TwoPublishingTestsCase}, whose processes write their logs at the same paths under
     * target/childproof (a launch replaces the file it finds there), and publish a log only if it is there: one at a
     * time.
     */
    private static final String TWO_PUBLISHING_TESTS_CASE = "FailureReportTests.TwoPublishingTestsCase";

    @Test
    @ResourceLock(TWO_PUBLISHING_TESTS_CASE)
    void aRunThatCannotPublishFilesIsAskedOnceNotAtEveryTest(@TempDir Path reports) {
        List<Path> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        OutputDirectoryCreator refusing = new Directories(reports) {
            @Override
            public Path createOutputDirectory(TestDescriptor descriptor) throws java.io.IOException {
                asked.add(reports);
                throw new java.io.IOException("no room for reports");
            }
        };
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .outputDirectoryCreator(refusing)
                .selectors(selectClass(TwoPublishingTestsCase.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(results.allEvents().fileEntryPublished().count()).isZero();
        assertThat(asked).hasSize(1);
    }

    @Test
    @ResourceLock(TWO_PUBLISHING_TESTS_CASE)
    void eachTestOfARunThatCanPublishPublishesItsLogs(@TempDir Path reports) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .outputDirectoryCreator(new Directories(reports))
                .selectors(selectClass(TwoPublishingTestsCase.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getPayload(FileEntry.class).orElseThrow().getPath().getFileName().toString()))
                .containsExactly("greeter.log", "greeter.log");
    }

    @Test
    void aSecondRunWithoutCleanReplacesThePublishedLogOfEveryProcessOfTheScope(@TempDir Path reports)
            throws Exception {
        for (int run = 1; run <= 2; run++) {
            RepublishingTestCase.run = run;
            EngineExecutionResults results = publishTo(new Directories(reports), RepublishingTestCase.class);
            results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
            List<String> published = publishedLogs(results);
            assertThat(published).containsExactlyInAnyOrder("first.log: [[out] first, [out] run " + run + "]",
                    "second.log: [[out] second, [out] run " + run + "]");
        }
    }

    @Test
    void aProcessThatWroteNothingThisRunHasNoLogToPublishThoughAnEarlierRunMadeOne(@TempDir Path reports)
            throws Exception {
        for (int run = 1; run <= 2; run++) {
            SometimesSilentTestCase.run = run;
            EngineExecutionResults results = publishTo(new Directories(reports), SometimesSilentTestCase.class);
            results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
            List<String> published = publishedLogs(results);
            if (run == 1) {
                assertThat(published).containsExactlyInAnyOrder("talker.log: [[out] run 1]",
                        "sometimes.log: [[out] run 1]");
            } else {
                assertThat(published).containsExactly("talker.log: [[out] run 2]");
            }
        }
    }

    @Test
    void aLogThatCannotBePublishedLeavesTheOtherLogsOfItsScopeToBePublished(@TempDir Path reports)
            throws Exception {
        OutputDirectoryCreator blocking = new Directories(reports) {
            @Override
            public Path createOutputDirectory(TestDescriptor descriptor) throws java.io.IOException {
                Path dir = super.createOutputDirectory(descriptor);
                // a directory that is not empty stands where the log published first would go (the scope's order,
                // which follows JUnit's order of the fields, puts second first): neither link nor copy works
                Files.createDirectories(dir.resolve("second.log").resolve("occupied"));
                return dir;
            }
        };
        EngineExecutionResults results = publishTo(blocking, TwoProcessesTestCase.class);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(publishedFiles(results)).singleElement().satisfies(file -> {
            assertThat(file.getPath().getFileName()).hasToString("first.log");
            assertThat(Files.readAllLines(file.getPath())).containsExactly("[out] first");
        });
    }

    private static EngineExecutionResults publishTo(OutputDirectoryCreator directories, Class<?> testClass) {
        List<LaunchRecord> launched = LaunchRegistry.instance().watchCurrentThread();
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .outputDirectoryCreator(directories)
                    .selectors(selectClass(testClass))
                    .execute();
        } finally {
            LaunchRegistry.instance().unwatchCurrentThread();
            ChildproofTestKit.assertNothingOutlived(launched);
        }
    }

    /** Each published file as {@code <name>: [<lines>]}. */
    private static List<String> publishedLogs(EngineExecutionResults results) throws java.io.IOException {
        List<String> published = new java.util.ArrayList<>();
        for (FileEntry file : publishedFiles(results)) {
            published.add(file.getPath().getFileName() + ": " + Files.readAllLines(file.getPath()));
        }
        return published;
    }

    private static List<FileEntry> publishedFiles(EngineExecutionResults results) {
        return results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getPayload(FileEntry.class).orElseThrow()).collect(Collectors.toList());
    }

    private static List<String> suppressedMessages(Throwable failure) {
        return Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage).collect(Collectors.toList());
    }

    /** One report directory per test descriptor, under a root. */
    private static class Directories implements OutputDirectoryCreator {
        private final Path root;

        Directories(Path root) {
            this.root = root;
        }

        @Override
        public Path getRootDirectory() {
            return root;
        }

        @Override
        public Path createOutputDirectory(TestDescriptor descriptor) throws java.io.IOException {
            return Files.createDirectories(root.resolve(descriptor.getUniqueId().toString()
                    .replaceAll("[^A-Za-z0-9._-]", "_")));
        }
    }

    static class FailingTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo shared up; exec sleep 60"}, readyWhen = "shared up")
        static ChildProcess shared;

        @SpawnedProcess(command = {"sh", "-c", "i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; exit 3"})
        ChildProcess quitter;

        @SpawnedProcess(command = {"sh", "-c", "echo oops >&2; exec sleep 60"}, readyWhen = "oops")
        ChildProcess sleeper;

        @SpawnedProcess(command = {"sh", "-c", "exit 0"}, autoStart = false)
        ChildProcess unstarted;

        @Test
        void fails() {
            quitter.join();
            throw new AssertionError("the test failed on purpose");
        }
    }

    static class FailingDynamicTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo up; exec sleep 60"}, readyWhen = "up")
        ChildProcess worker;

        @TestFactory
        Stream<DynamicTest> factory() {
            return Stream.of(DynamicTest.dynamicTest("fails", () -> {
                throw new AssertionError("the dynamic test failed on purpose");
            }));
        }
    }

    static class PromptTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo connected; printf 'Password: '; exec sleep 60"},
                readyWhen = "connected")
        ChildProcess login;

        @Test
        void fails() {
            OutputCapture capture = ((ManagedProcess) login).capture();
            // the test's own wait for the prompt to be read: nothing public shows a line not yet ended
            await().atMost(Duration.ofSeconds(30)).until(() -> OutputReport.of(capture).contains("Password"));
            throw new AssertionError("the test failed on purpose");
        }
    }

    /** A line and a line begun, each with an emoji (a surrogate pair in UTF-16) at characters 300 and 301. */
    static class EmojiTestCase {
        @SpawnedProcess(command = {"sh", "-c", "printf '%0299d\\360\\237\\230\\200tail\\n' 0;"
                + " printf '%0299d\\360\\237\\230\\200begun' 0 >&2; exec sleep 60"})
        ChildProcess emoji;

        @Test
        void fails() {
            OutputCapture capture = ((ManagedProcess) emoji).capture();
            await().atMost(Duration.ofSeconds(30)).until(() -> OutputReport.of(capture).contains("Last 2 lines"));
            throw new AssertionError("the test failed on purpose");
        }
    }

    static class RemovedLogTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo hello; exec sleep 60"}, readyWhen = "hello")
        ChildProcess writer;

        @Test
        void fails() throws Exception {
            Files.delete(writer.output().logFile());
            throw new AssertionError("the test failed on purpose");
        }
    }

    @Test
    void aTestAndItsAfterEachFailingCarryTheReportOnceInTheTestsFailure() {
        Throwable failure = ChildproofTestKit.executeTestClass(FailingTwiceTestCase.class).hasSingleFailedTest()
                .withMessage("the test failed on purpose").throwable();
        assertThat(failure.getSuppressed()).hasSize(2);
        assertThat(suppressedMessages(failure)).filteredOn(m -> m.startsWith("Process [")).hasSize(1);
        Throwable afterEach = Arrays.stream(failure.getSuppressed())
                .filter(t -> "cleanup failed on purpose".equals(t.getMessage())).findFirst().orElseThrow();
        assertThat(afterEach.getSuppressed()).as("no second report").isEmpty();
    }

    static class FailingTwiceTestCase {
        @SpawnedProcess(main = StopAware.class, readyWhen = "ready")
        ChildProcess worker;

        @Test
        void fails() {
            throw new AssertionError("the test failed on purpose");
        }

        @AfterEach
        void failsAfterwards() {
            throw new IllegalStateException("cleanup failed on purpose");
        }
    }

    static class FailingAfterEachTestCase {
        @SpawnedProcess(main = StopAware.class, readyWhen = "ready")
        ChildProcess worker;

        @Test
        void passes() {
        }

        @AfterEach
        void failsAfterwards() {
            throw new IllegalStateException("cleanup failed on purpose");
        }
    }

    static class FailingBeforeAllTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo bye"})
        static ChildProcess shared;

        @BeforeAll
        static void failsFirst() {
            shared.join(Duration.ofSeconds(30));
            throw new IllegalStateException("setup failed on purpose");
        }

        @Test
        void neverRuns() {
        }
    }

    static class AbortedTestCase {
        @SpawnedProcess(command = {"sh", "-c", "exec sleep 60"})
        ChildProcess sleeper;

        @Test
        void aborts() {
            Assumptions.assumeTrue(false, "not today");
        }
    }

    static class PublishingTestCase {
        @SpawnedProcess(main = StopAware.class, readyWhen = "ready")
        ChildProcess worker;

        @Test
        void passes() {
        }
    }

    /** Two processes in one scope, each writing its name and the run's number, so two runs publish different logs. */
    static class RepublishingTestCase {
        static volatile int run;

        @SpawnedProcess(command = {"sh", "-c", "echo first; read v; echo $v"})
        ChildProcess first;

        @SpawnedProcess(command = {"sh", "-c", "echo second; read v; echo $v"})
        ChildProcess second;

        @Test
        void writes() {
            sendTheRun(run, first, second);
        }
    }

    /** Two processes in one scope; the second writes a line in the first run only. */
    static class SometimesSilentTestCase {
        static volatile int run;

        @SpawnedProcess(command = {"sh", "-c", "read v; echo $v"})
        ChildProcess talker;

        @SpawnedProcess(command = {"sh", "-c", "read v; [ \"$v\" = 'run 1' ] && echo $v; exit 0"})
        ChildProcess sometimes;

        @Test
        void writes() {
            sendTheRun(run, talker, sometimes);
        }
    }

    /** Sends each process the run's number as a line, and waits for it to end. */
    private static void sendTheRun(int run, ChildProcess... processes) {
        for (ChildProcess process : processes) {
            process.sendLine("run " + run);
            assertThat(process.join(Duration.ofSeconds(30))).isPresent();
        }
    }

    static class TwoProcessesTestCase {
        @SpawnedProcess(command = {"echo", "first"})
        ChildProcess first;

        @SpawnedProcess(command = {"echo", "second"})
        ChildProcess second;

        @Test
        void writes() {
            assertThat(first.join(Duration.ofSeconds(30))).isPresent();
            assertThat(second.join(Duration.ofSeconds(30))).isPresent();
        }
    }

    static class TwoPublishingTestsCase {
        @SpawnedProcess(command = {"sh", "-c", "echo hello"})
        ChildProcess greeter;

        @Test
        void first() {
            greeter.join();
        }

        @Test
        void second() {
            greeter.join();
        }
    }
}
