package dev.childproof;

import dev.childproof.fixtures.ExitWith;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Misuse the other suites do not already cover, each with its whole one-sentence message; RELIABILITY.md lists
 * these together with the cases in MisuseTests, ConfigurationTests, ComposedAnnotationTests, ProcessSpawnerTests,
 * SharedStopEventTests and LifecycleTests.
 */
@DisplayName("Bad input: one sentence each")
class BadInputTests {

    @Test
    void stopsWithinThatIsNotADuration() {
        var results = ChildproofTestKit.executeTestClass(StopsWithinTestCase.class);
        results.hasSingleFailedTest().withMessage("@StopsWithin(\"soon\") on field [ChildProcess"
                + " StopsWithinTestCase.worker] is not a duration; write it like 500ms, 2s, 1m or PT2S.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void negativeDurationInTheAnnotation() {
        ChildproofTestKit.executeTestClass(NegativeDurationTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess NegativeDurationTestCase.worker] has killTimeout [-1s], which is"
                        + " not a duration; write it like 500ms, 2s, 1m or PT2S.");
    }

    @Test
    void blankExecutableInCommand() {
        ChildproofTestKit.executeTestClass(EmptyArgumentTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess EmptyArgumentTestCase.worker] has a blank executable [] first in"
                        + " command; name the program to run first.");
    }

    @Test
    void anEmptyArgumentInCommandIsPassedOnAsInArgs() {
        ChildproofTestKit.executeTestClass(EmptyCommandArgumentTestCase.class).hasTests(1, 0);
    }

    @Test
    void envEntryWithoutAName() {
        ChildproofTestKit.executeTestClass(NamelessEnvTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess NamelessEnvTestCase.worker] has env entry [=value], which is not"
                        + " KEY=value; write it as KEY=value.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "env|has env entry [A\\0B=x]",
        "arg|has an args entry [a\\0b]",
        "command|has a command entry [-c\\0]",
        "name|has name [p\\0q]",
        "workingDir|has workingDir [/tmp\\0]"
    })
    void nulCharacterInAnythingPassedToTheProcess(String method, String what) {
        var results = ChildproofTestKit.executeTestMethod(NulTestCase.class, method);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess parameter [ChildProcess p] of method [NulTestCase."
                + method + "] " + what + " with a NUL character, which no process can be given; remove it.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void nullSignalOrLine() {
        ChildproofTestKit.executeTestClass(NullArgumentsTestCase.class).hasTests(1, 0);
    }

    @Test
    void startAgainAfterTheLaunchFailed() {
        ChildproofTestKit.executeTestClass(FailedLaunchTestCase.class).hasTests(1, 0);
    }

    @Test
    void stopLineWithAnotherStopMethodOrOfMoreThanOneLine() {
        ChildproofTestKit.executeTestMethod(StopLineTestCase.class, "unused").hasSingleFailedTest().withMessage(
                "@SpawnedProcess parameter [ChildProcess p] of method [StopLineTestCase.unused] declares stopLine"
                        + " [quit], but its stopMethod is SIGTERM, which writes no line; set stopMethod = STDIN_LINE,"
                        + " or remove stopLine.");
        ChildproofTestKit.executeTestMethod(StopLineTestCase.class, "twoLines").hasSingleFailedTest().withMessage(
                "@SpawnedProcess parameter [ChildProcess p] of method [StopLineTestCase.twoLines] declares stopLine"
                        + " [first\\nstop], which is more than one line; give one line, without \\n or \\r.");
    }

    @Test
    void sendLineAfterTheStopEventClosedStandardInput() {
        ChildproofTestKit.executeTestClass(ClosedByStopTestCase.class).hasSingleFailedTest()
                .isInstanceOf(java.io.UncheckedIOException.class)
                .withMessage("The standard input of process [cat] was closed by its stop event (stopMethod"
                        + " CLOSE_STDIN)");
    }

    @Test
    void awaitLineOnANewProcess() {
        ChildproofTestKit.executeTestMethod(NewProcessTestCase.class, "awaitLine").hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [later] is NEW, so awaitLine() cannot be used yet; call start() first.");
    }

    @Test
    void jvmArgsForACommandInTheAnnotation() {
        ChildproofTestKit.executeTestClass(JvmArgsTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess JvmArgsTestCase.worker] declares jvmArgs for a command; jvmArgs"
                        + " apply only to main targets, so move them into the command.");
    }

    /** {@code java} took such an entry for the main class: "Could not find or load main class Xmx64m". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "noDash|has a jvmArgs entry [Xmx64m] that neither starts with - nor follows an option that takes the next"
                + " entry as its value (such as -cp), so java would take it for the main class; start it with - or"
                + " remove it.",
        "empty|has a blank jvmArgs entry [], which java would take for the main class; remove it.",
        "blank|has a blank jvmArgs entry [ ], which java would take for the main class; remove it.",
        "afterAnOptionWithItsValue|has a jvmArgs entry [ALL-UNNAMED] that neither starts with - nor follows an"
                + " option that takes the next entry as its value (such as -cp), so java would take it for the main"
                + " class; start it with - or remove it.",
        "lastTakesAValue|has jvmArgs ending with [--add-opens], which takes the next entry as its value, so java would"
                + " take the main class for it; add its value after it or remove it.",
        "jar|has a jvmArgs entry [-jar], with which java would run a jar or module instead of the main class; put the"
                + " jar on the class path (-cp) and name its main class, or run it with command = {\"java\", \"-jar\","
                + " ...}.",
        "module|has a jvmArgs entry [--module=app/app.Main], with which java would run a jar or module instead of the"
                + " main class; put the jar on the class path (-cp) and name its main class, or run it with command ="
                + " {\"java\", \"--module=app/app.Main\", ...}.",
        "version|has a jvmArgs entry [-version], with which java prints and exits without running the main class;"
                + " remove it, or run it with command = {\"java\", \"-version\"}."
    })
    void jvmArgsEntryJavaWouldTakeForTheMainClass(String method, String what) {
        var results = ChildproofTestKit.executeTestMethod(JvmArgsEntryTestCase.class, method);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess parameter [ChildProcess p] of method"
                + " [JvmArgsEntryTestCase." + method + "] " + what);
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void jvmArgsValuesThatFollowAnOptionTakingTheNextEntryAreLaunched() {
        ChildproofTestKit.executeTestMethod(JvmArgsEntryTestCase.class, "valuesOfOptions").hasTests(1, 0);
    }

    @Test
    void daemonThatSharesAStopEvent() {
        var results = ChildproofTestKit.executeTestClass(DaemonSharingTestCase.class);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess parameter [ChildProcess daemon] of"
                + " method [DaemonSharingTestCase.run] is a daemon and names stopEvent [pool], but a daemon is never"
                + " asked to stop; remove daemon to stop it with the others, or stopEvent to end it only at cleanup.");
        assertThat(results.launched()).as("nothing launched, not even the valid worker").isEmpty();
    }

    @Test
    void daemonWithAStopDeadlineOfItsOwn() {
        var field = ChildproofTestKit.executeTestClass(DaemonDeadlineFieldTestCase.class);
        field.hasSingleFailedTest().withMessage("@SpawnedProcess field"
                + " [ChildProcess DaemonDeadlineFieldTestCase.server] is a daemon and has @StopsWithin(\"2s\"), but a"
                + " daemon is never asked to stop, so it has no stop to time; remove daemon to check how fast it"
                + " stops, or the deadline.");
        assertThat(field.launched()).isEmpty();

        var parameter = ChildproofTestKit.executeTestClass(DaemonDeadlineParameterTestCase.class);
        parameter.hasSingleFailedTest().withMessage("@SpawnedProcess parameter [ChildProcess daemon] of method"
                + " [DaemonDeadlineParameterTestCase.run] is a daemon and has @StopsWithin(\"1s\"), but a daemon is"
                + " never asked to stop, so it has no stop to time; remove daemon to check how fast it stops, or the"
                + " deadline.");
        assertThat(parameter.launched()).as("nothing launched, not even the valid worker").isEmpty();
    }

    @Test
    void outputBufferOutOfRange() {
        var negative = ChildproofTestKit.executeTestClass(NegativeBufferTestCase.class);
        negative.hasSingleFailedTest().withMessage("@SpawnedProcess field [ChildProcess NegativeBufferTestCase.worker]"
                + " has outputBufferKiB [-1], which is not a size in KiB from 1 to 1048576; give one, or 0 for the"
                + " configured default.");
        assertThat(negative.launched()).isEmpty();
        // 4 GiB in bytes overflows an int: it was taken as a bound of 0 bytes
        ChildproofTestKit.executeTestClass(HugeBufferTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess HugeBufferTestCase.worker] has outputBufferKiB [4194304], which"
                        + " is not a size in KiB from 1 to 1048576; give one, or 0 for the configured default.");
    }

    @Test
    void readyWhenThatIsNotARegularExpression() {
        ChildproofTestKit.executeTestClass(BadRegexTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess BadRegexTestCase.worker] has readyWhen [ready [now], which is"
                        + " not a regular expression (Unclosed character class near index 9); fix the pattern.");
    }

    @Test
    void readyOnPortOutOfRange() {
        ChildproofTestKit.executeTestClass(BadPortTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess BadPortTestCase.worker] has readyOnPort [-1], which is not a TCP"
                        + " port; use 1 to 65535, or 0 for none.");
    }

    @Test
    void finalField() {
        ChildproofTestKit.executeTestClass(FinalFieldTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ExtensionConfigurationException.class).withMessage(
                        "@SpawnedProcess field [ChildProcess FinalFieldTestCase.worker] is final; remove final so the"
                                + " process can be injected.");
    }

    @Test
    void processTaskThatIsNotPublic() {
        ChildproofTestKit.executeTestClass(HiddenTaskTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess HiddenTaskTestCase.worker] names main class"
                        + " [dev.childproof.BadInputTests$HiddenTask], which implements ProcessTask but is not a public"
                        + " concrete class; make it public and not abstract.");
    }

    @Test
    void processTaskWithoutANoArgumentConstructor() {
        ChildproofTestKit.executeTestClass(ConstructorTaskTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess ConstructorTaskTestCase.worker] names main class"
                        + " [dev.childproof.BadInputTests$TaskWithArgument], which implements ProcessTask but has no"
                        + " no-argument constructor; add one.");
    }

    @Test
    void sharedStopEventAsAConstructorParameter() {
        ChildproofTestKit.executeTestClass(EventInConstructorTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ParameterResolutionException.class).withMessage(
                        "@SharedStopEvent parameter [StopEvent pool] of constructor [EventInConstructorTestCase] is a"
                                + " constructor parameter; take it as a parameter of the test or lifecycle method"
                                + " instead.");
    }

    @Test
    void joinOnANewProcess() {
        ChildproofTestKit.executeTestMethod(NewProcessTestCase.class, "join").hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [later] is NEW, so join() cannot be used yet; call start() first.");
    }

    @Test
    void signalOnANewProcess() {
        ChildproofTestKit.executeTestMethod(NewProcessTestCase.class, "signal").hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [later] is NEW, so signal(SIGUSR1) cannot be used yet; call start() first.");
    }

    @Test
    void stdinOfANewProcess() {
        ChildproofTestKit.executeTestMethod(NewProcessTestCase.class, "stdin").hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [later] is NEW, so stdin() cannot be used yet; call start() first.");
    }

    @Test
    void sendLineToANewProcess() {
        ChildproofTestKit.executeTestMethod(NewProcessTestCase.class, "sendLine").hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [later] is NEW, so sendLine() cannot be used yet; call start() first.");
    }

    @Test
    void aHandleNeverStartedAndKeptPastItsScopeSaysSo() {
        NewProcessTestCase.kept = null;
        ChildproofTestKit.executeTestMethod(NewProcessTestCase.class, "keep").hasTests(1, 0);
        ChildProcess later = NewProcessTestCase.kept;
        assertThatThrownBy(later::stop).isInstanceOf(IllegalStateException.class).hasMessage("Process [later] was"
                + " never started and the scope it was declared in has ended, so stop() has no process to act on.");
        assertThatThrownBy(later::pid).isInstanceOf(IllegalStateException.class).hasMessage("Process [later] has no"
                + " pid: it was never started and the scope it was declared in has ended.");
        assertThatThrownBy(later::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("Process [later] cannot start: the scope it was declared in has ended.");
    }

    @Test
    void anEnvVariableSetTwice() {
        var results = ChildproofTestKit.executeTestClass(TwiceSetEnvTestCase.class);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess field [ChildProcess TwiceSetEnvTestCase.worker] has"
                + " env entries [MODE=fast] and [MODE=slow], which set MODE twice; keep one.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void anEnvEntryForAVariableChildproofSets() {
        var results = ChildproofTestKit.executeTestClass(ReservedEnvTestCase.class);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess field [ChildProcess ReservedEnvTestCase.worker] has"
                + " env entry [CHILDPROOF_COOKIE=mine], which sets CHILDPROOF_COOKIE, a variable Childproof gives every"
                + " process itself (the cleanup and the stop event depend on it); remove the entry.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void nullAndNegativeTimeouts() {
        ChildproofTestKit.executeTestClass(TimeoutsTestCase.class).hasTests(1, 0);
    }

    @Test
    void spawnerValuesOutOfRange() {
        ChildproofTestKit.executeTestClass(SpawnerValuesTestCase.class).hasTests(1, 0);
    }

    @Test
    void configurationValueThatIsNotABoolean() {
        var results = ChildproofTestKit.executeTestClass(ValidTestCase.class, Map.of("childproof.output.echo", "yes"));
        results.hasSingleFailedContainer().withMessage("Configuration parameter [childproof.output.echo] has value"
                + " [yes], which is not a boolean; write true or false.");
        assertThat(results.launched()).isEmpty();
    }

    static class StopsWithinTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        @StopsWithin("soon")
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class NegativeDurationTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, killTimeout = "-1s")
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class EmptyCommandArgumentTestCase {
        @SpawnedProcess(command = {"printf", "[%s]", ""})
        ChildProcess printf;

        @Test
        void test() {
            assertThat(printf.join().code()).isZero();
            assertThat(printf.output().lines()).containsExactly("[]");
        }
    }

    static class EmptyArgumentTestCase {
        @SpawnedProcess(command = {"", "5"})
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class NamelessEnvTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, env = "=value")
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class StopLineTestCase {
        @Test
        void unused(@SpawnedProcess(command = {"sleep", "60"}, stopLine = "quit") ChildProcess p) {
        }

        @Test
        void twoLines(@SpawnedProcess(command = {"sleep", "60"}, stopMethod = StopMethod.STDIN_LINE,
                stopLine = "first\nstop") ChildProcess p) {
        }
    }

    static class ClosedByStopTestCase {
        @Test
        void test(@SpawnedProcess(command = {"sh", "-c", "cat; exec sleep 60"}, stopMethod = StopMethod.CLOSE_STDIN)
                ChildProcess cat) {
            cat.stopEvent().set();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    cat.stdin().write('x'); // the close runs on a thread of its own
                    cat.stdin().flush();
                    return false;
                } catch (java.io.IOException closed) {
                    return true;
                }
            });
            cat.sendLine("hello");
        }
    }

    static class NullArgumentsTestCase {
        @Test
        void test(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            assertThatThrownBy(() -> sleeper.signal(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("signal");
            assertThatThrownBy(() -> sleeper.sendLine(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("line");
            assertThat(sleeper.timeline().events()).hasSize(1);
        }
    }

    @Childproof
    static class FailedLaunchTestCase {
        @Test
        void test(ProcessSpawner spawner, @TempDir Path dir) throws Exception {
            Path script = Files.writeString(dir.resolve("vanishing.sh"), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            ChildProcess later = spawner.command(script.toString()).name("later").autoStart(false).spawn();
            Files.delete(script); // after the declaration's check, before the launch
            assertThatThrownBy(later::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("ProcessSpawner process [later] could not be launched");
            assertThatThrownBy(later::start).isInstanceOf(IllegalStateException.class).hasMessageStartingWith(
                    "Process [later] was already started (its launch failed: ProcessSpawner process [later] could"
                            + " not be launched").hasMessageEndingWith("; a ChildProcess is single use, so declare"
                            + " another one to run it again.");
            assertThat(later.state()).isEqualTo(ProcessState.NEW);
        }
    }

    static class NulTestCase {
        @Test
        void env(@SpawnedProcess(command = {"sh", "-c", "exit 0"}, env = "A\0B=x") ChildProcess p) {
        }

        @Test
        void arg(@SpawnedProcess(command = {"sh", "-c", "exit 0"}, args = "a\0b") ChildProcess p) {
        }

        @Test
        void command(@SpawnedProcess(command = {"sh", "-c\0", "exit 0"}) ChildProcess p) {
        }

        @Test
        void name(@SpawnedProcess(command = {"sh", "-c", "exit 0"}, name = "p\0q") ChildProcess p) {
        }

        @Test
        void workingDir(@SpawnedProcess(command = {"sh", "-c", "exit 0"}, workingDir = "/tmp\0") ChildProcess p) {
        }
    }

    static class JvmArgsTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, jvmArgs = "-Xmx16m")
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class JvmArgsEntryTestCase {
        @Test
        void noDash(@SpawnedProcess(main = ExitWith.class, jvmArgs = {"-Xms8m", "Xmx64m"}) ChildProcess p) {
        }

        @Test
        void empty(@SpawnedProcess(main = ExitWith.class, jvmArgs = "") ChildProcess p) {
        }

        @Test
        void blank(@SpawnedProcess(main = ExitWith.class, jvmArgs = {"-Xms8m", " "}) ChildProcess p) {
        }

        @Test
        void afterAnOptionWithItsValue(@SpawnedProcess(main = ExitWith.class,
                jvmArgs = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "ALL-UNNAMED"}) ChildProcess p) {
        }

        /** java ran app.jar and took the main class for its argument; the message blamed [app.jar] instead. */
        @Test
        void jar(@SpawnedProcess(main = ExitWith.class, jvmArgs = {"-jar", "app.jar"}) ChildProcess p) {
        }

        @Test
        void module(@SpawnedProcess(main = ExitWith.class, jvmArgs = "--module=app/app.Main") ChildProcess p) {
        }

        /** java printed its version and exited 0: a test waiting for the child's output saw it end early. */
        @Test
        void version(@SpawnedProcess(main = ExitWith.class, jvmArgs = {"-Xms8m", "-version"}) ChildProcess p) {
        }

        @Test
        void lastTakesAValue(@SpawnedProcess(main = ExitWith.class, jvmArgs = {"-Xms8m", "--add-opens"})
                ChildProcess p) {
        }

        @Test
        void valuesOfOptions(@SpawnedProcess(main = ExitWith.class, args = "7", jvmArgs = {"--add-opens",
                "java.base/java.lang=ALL-UNNAMED", "--add-modules", "java.sql", "-Dchildproof.test=1"})
                ChildProcess p) {
            assertThat(p.join().code()).isEqualTo(7);
            assertThat(p.output().lines()).containsExactly("exiting with 7");
        }
    }

    static class DaemonSharingTestCase {
        @Test
        void run(@SpawnedProcess(command = {"sleep", "60"}, stopEvent = "pool") ChildProcess worker,
                @SpawnedProcess(command = {"sleep", "60"}, daemon = true, stopEvent = "pool") ChildProcess daemon) {
        }
    }

    @StopsWithin("5s") // a class's deadline leaves its daemons alone
    static class DaemonDeadlineFieldTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, daemon = true)
        @StopsWithin("2s")
        ChildProcess server;

        @Test
        void test() {
        }
    }

    static class DaemonDeadlineParameterTestCase {
        @Test
        void run(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess worker,
                @StopsWithin("1s") @SpawnedProcess(command = {"sleep", "60"}, daemon = true) ChildProcess daemon) {
        }
    }

    static class NegativeBufferTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, outputBufferKiB = -1)
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class HugeBufferTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, outputBufferKiB = 4194304)
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class BadRegexTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, readyWhen = "ready [now")
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class BadPortTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, readyOnPort = -1)
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class FinalFieldTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        final ChildProcess worker = null;

        @Test
        void test() {
        }
    }

    static class HiddenTask implements ProcessTask {
        @Override
        public int run(TaskContext context) {
            return 0;
        }
    }

    public static class TaskWithArgument implements ProcessTask {
        private final int code;

        public TaskWithArgument(int code) {
            this.code = code;
        }

        @Override
        public int run(TaskContext context) {
            return code;
        }
    }

    static class HiddenTaskTestCase {
        @SpawnedProcess(main = HiddenTask.class)
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class ConstructorTaskTestCase {
        @SpawnedProcess(main = TaskWithArgument.class)
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    @Childproof
    static class EventInConstructorTestCase {
        EventInConstructorTestCase(@SharedStopEvent("pool") StopEvent pool) {
        }

        @Test
        void test() {
        }
    }

    static class NewProcessTestCase {
        static volatile ChildProcess kept;

        @SpawnedProcess(command = {"sleep", "60"}, autoStart = false)
        ChildProcess later;

        @Test
        void keep() {
            kept = later;
        }

        @Test
        void join() {
            later.join();
        }

        @Test
        void signal() {
            later.signal(Signal.SIGUSR1);
        }

        @Test
        void stdin() {
            later.stdin();
        }

        @Test
        void sendLine() {
            later.sendLine("hello");
        }

        @Test
        void awaitLine() {
            later.awaitLine("ready", Duration.ofSeconds(30));
        }
    }

    static class TwiceSetEnvTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, env = {"MODE=fast", "A=b", "MODE=slow"})
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }

    static class ReservedEnvTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, env = {"A=b", "CHILDPROOF_COOKIE=mine"})
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }

    static class TimeoutsTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo up; exec sleep 60"}, readyWhen = "up")
        ChildProcess sleeper;

        @Test
        void waits() {
            assertThatThrownBy(() -> sleeper.join(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> sleeper.stop(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("stopTimeout");
            assertThatThrownBy(() -> sleeper.awaitLine((String) null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class).hasMessage("regex");
            assertThatThrownBy(() -> sleeper.output().awaitLine((java.util.regex.Pattern) null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class).hasMessage("pattern");
            assertThat(sleeper.join(Duration.ofSeconds(-1))).as("a negative wait is none").isEmpty();
            assertThatThrownBy(() -> sleeper.awaitLine("never", Duration.ofSeconds(-1)))
                    .isInstanceOf(AssertionError.class).hasMessageStartingWith(
                            "Process [sleeper] wrote no line matching /never/ within 0ms.");
        }
    }

    @Childproof
    static class SpawnerValuesTestCase {
        @Test
        void misuse(ProcessSpawner spawner) {
            assertThatThrownBy(() -> spawner.command("sleep", "1").outputBufferKiB(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("outputBufferKiB [-1] is not a size in KiB from 1 to 1048576; give one, or 0 for the"
                            + " configured default.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").outputBufferKiB(4194304))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("outputBufferKiB [4194304] is not a size in KiB from 1 to 1048576; give one, or 0 for"
                            + " the configured default.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").killTimeout(Duration.ofMillis(-5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("killTimeout [PT-0.005S] is negative; give a duration of zero or more.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").env("", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Environment variable name [] is empty or contains =; give a name without =.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").env("A\0B", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Environment variable [A\\0B] has a NUL character in its name or value, which no"
                            + " process can be given; remove it.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").env("A", "x\0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Environment variable [A] has a NUL character in its name or value, which no"
                            + " process can be given; remove it.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").args("a\0").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [sleep] has an args entry [a\\0] with a NUL character, which"
                            + " no process can be given; remove it.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").daemon(true).stopEvent("pool").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [sleep] is a daemon and names stopEvent [pool], but a daemon"
                            + " is never asked to stop; remove daemon to stop it with the others, or stopEvent to end"
                            + " it only at cleanup.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").daemon(true).stopsWithin(Duration.ofSeconds(2))
                    .spawn()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [sleep] is a daemon and has stopsWithin(PT2S), but a daemon is"
                            + " never asked to stop, so it has no stop to time; remove daemon to check how fast it"
                            + " stops, or the deadline.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").args("a", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("args [1] is null; give a string, empty if need be.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").readyOnPort(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("readyOnPort [-1] is not a TCP port; use 1 to 65535, or 0 for none.");
            assertThatThrownBy(() -> spawner.command(" ", "1").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [process] has a blank executable [ ] first in command; name the"
                            + " program to run first.");
            assertThatThrownBy(() -> spawner.main(ExitWith.class).jvmArgs("Xmx64m").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [ExitWith] has a jvmArgs entry [Xmx64m] that neither starts"
                            + " with - nor follows an option that takes the next entry as its value (such as -cp), so"
                            + " java would take it for the main class; start it with - or remove it.");
            assertThat(spawner.processes()).isEmpty();
        }
    }

    static class ValidTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess worker;

        @Test
        void test() {
        }
    }
}
