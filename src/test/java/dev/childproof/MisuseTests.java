package dev.childproof;

import dev.childproof.fixtures.NoMain;
import dev.childproof.fixtures.SleepForever;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Misuse: one sentence naming the element and the fix, before anything is launched")
class MisuseTests {

    @Test
    void bothMainAndCommand() {
        var results = ChildproofTestKit.executeTestClass(BothTestCase.class);
        results.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@SpawnedProcess field [ChildProcess BothTestCase.worker] declares both main and command; keep one.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void neitherMainNorCommand() {
        ChildproofTestKit.executeTestClass(NeitherTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess NeitherTestCase.worker] declares neither main nor command;"
                        + " name a main class or a command to run.");
    }

    @Test
    void mainClassWithoutEntryPoint() {
        ChildproofTestKit.executeTestClass(NoMainTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess NoMainTestCase.worker] names main class"
                        + " [dev.childproof.fixtures.NoMain], which " + (Runtime.version().feature() >= 25
                        ? "has no main method the java launcher can run (void main(String[]) or void main(), not"
                                + " private)" : "has no public static void main(String[])")
                        + " and does not implement ProcessTask; add one of them.");
    }

    @Test
    void executableNotFound() {
        ChildproofTestKit.executeTestClass(NoExecutableTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess NoExecutableTestCase.tool] runs [no-such-tool-4711], which is"
                        + " not an executable file nor found on PATH; install it or give its full path.");
    }

    @Test
    void workingDirectoryWithAShellsHome() {
        ChildproofTestKit.executeTestClass(HomeWorkingDirTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess HomeWorkingDirTestCase.tool] names workingDir [~/work], which"
                        + " starts with ~, a shell's shorthand that nothing expands here; give the path itself, e.g."
                        + " System.getProperty(\"user.home\") and the rest.");
    }

    @Test
    void workingDirectoryMissing() {
        ChildproofTestKit.executeTestClass(NoWorkingDirTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess NoWorkingDirTestCase.tool] names workingDir"
                        + " [/no/such/dir], which is not an existing directory; create it or fix the path.");
    }

    @Test
    void malformedEnvironmentEntry() {
        ChildproofTestKit.executeTestClass(BadEnvTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess BadEnvTestCase.tool] has env entry [JUST_A_NAME], which is not"
                        + " KEY=value; write it as KEY=value.");
    }

    @Test
    void malformedDuration() {
        ChildproofTestKit.executeTestClass(BadDurationTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [ChildProcess BadDurationTestCase.tool] has stopTimeout [2 seconds], which is"
                        + " not a duration; write it like 500ms, 2s, 1m or PT2S.");
    }

    @Test
    void fieldOfAnotherType() {
        ChildproofTestKit.executeTestClass(WrongFieldTypeTestCase.class).hasSingleFailedTest().withMessage(
                "@SpawnedProcess field [Process WrongFieldTypeTestCase.worker] has type Process; declare it as"
                        + " ChildProcess.");
    }

    @Test
    void parameterOfAnotherType() {
        ChildproofTestKit.executeTestClass(WrongParameterTypeTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ParameterResolutionException.class).withMessage(
                        "@SpawnedProcess parameter [String worker] of method [WrongParameterTypeTestCase.test] has"
                                + " type String; declare it as ChildProcess.");
    }

    @Test
    void staticFieldMisuseFailsTheClassBeforeAnythingIsLaunched() {
        var results = ChildproofTestKit.executeTestClass(StaticMisuseTestCase.class);
        results.hasSingleFailedContainer().withMessage(
                "@SpawnedProcess field [ChildProcess StaticMisuseTestCase.broken] declares both main and command;"
                        + " keep one.");
        assertThat(results.launched()).as("the valid process declared first was not launched").isEmpty();
    }

    @Test
    void instanceFieldMisuseFailsTheClassOnceBeforeItsStaticProcessIsLaunched() {
        var results = ChildproofTestKit.executeTestClass(InstanceMisuseTestCase.class);
        results.hasSingleFailedContainer().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@SpawnedProcess field [Process InstanceMisuseTestCase.wrong] has type Process; declare it as"
                        + " ChildProcess.");
        assertThat(results.raw().testEvents().started().count()).as("tests started").isZero();
        assertThat(results.launched()).as("the valid static process was not launched").isEmpty();
    }

    @Test
    void finalInstanceSpawnerFieldFailsTheClassOnceBeforeItsStaticProcessIsLaunched() {
        var results = ChildproofTestKit.executeTestClass(FinalSpawnerTestCase.class);
        results.hasSingleFailedContainer().withMessage("field [ProcessSpawner FinalSpawnerTestCase.spawner] is final,"
                + " so Childproof cannot inject into it; remove final.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void instanceFieldMisuseFailsTheClassOnceBeforeABeforeAllParametersProcessIsLaunched() {
        var results = ChildproofTestKit.executeTestClass(BeforeAllParameterTestCase.class);
        results.hasSingleFailedContainer().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@SpawnedProcess field [ChildProcess BeforeAllParameterTestCase.broken] declares both main and"
                        + " command; keep one.");
        assertThat(results.raw().testEvents().started().count()).as("tests started").isZero();
        assertThat(results.launched()).as("the @BeforeAll parameter's process was not launched").isEmpty();
    }

    @Test
    void fieldOfAnInterfaceIsToldToMoveIntoTheTestClass() {
        var results = ChildproofTestKit.executeTestClass(InterfaceFieldTestCase.class);
        results.hasSingleFailedContainer().withMessage("@SpawnedProcess field [ChildProcess Constants.SERVER] is"
                + " declared in an interface, and a field of an interface cannot hold a process; declare it in the"
                + " test class.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void startingTwiceIsAnIllegalState() {
        ChildproofTestKit.executeTestClass(StartTwiceTestCase.class).hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [worker] was already started; a ChildProcess is single use, so declare another one"
                                + " to run it again.");
    }

    @Test
    void startingAfterTheScopeEndedIsAnIllegalStateAndLaunchesNothing() {
        var results = ChildproofTestKit.executeTestClass(StartAfterScopeTestCase.class);
        results.hasSingleFailedTest().isInstanceOf(IllegalStateException.class).withMessage(
                "Process [idle] cannot start: the scope it was declared in has ended.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void pidOfANewProcessIsAnIllegalState() {
        ChildproofTestKit.executeTestClass(PidOfNewTestCase.class).hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class).withMessage(
                        "Process [later] has no pid: it is NEW; call start() first.");
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StartAfterScopeTestCase {
        static ChildProcess kept;

        @Test
        @Order(1)
        void keep(@SpawnedProcess(command = {"sleep", "60"}, autoStart = false) ChildProcess idle) {
            kept = idle;
        }

        @Test
        @Order(2)
        void startLater() {
            kept.start();
        }
    }

    static class BothTestCase {
        @SpawnedProcess(main = SleepForever.class, command = "sleep")
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class NeitherTestCase {
        @SpawnedProcess
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class NoMainTestCase {
        @SpawnedProcess(main = NoMain.class)
        ChildProcess worker;

        @Test
        void test() {
        }
    }

    static class NoExecutableTestCase {
        @SpawnedProcess(command = "no-such-tool-4711")
        ChildProcess tool;

        @Test
        void test() {
        }
    }

    static class HomeWorkingDirTestCase {
        @SpawnedProcess(command = "true", workingDir = "~/work")
        ChildProcess tool;

        @Test
        void test() {
        }
    }

    static class NoWorkingDirTestCase {
        @SpawnedProcess(command = "true", workingDir = "/no/such/dir")
        ChildProcess tool;

        @Test
        void test() {
        }
    }

    static class BadEnvTestCase {
        @SpawnedProcess(command = "true", env = {"GOOD=1", "JUST_A_NAME"})
        ChildProcess tool;

        @Test
        void test() {
        }
    }

    static class BadDurationTestCase {
        @SpawnedProcess(command = "true", stopTimeout = "2 seconds")
        ChildProcess tool;

        @Test
        void test() {
        }
    }

    static class WrongFieldTypeTestCase {
        @SpawnedProcess(command = "true")
        Process worker;

        @Test
        void test() {
        }
    }

    static class WrongParameterTypeTestCase {
        @Test
        void test(@SpawnedProcess(command = "true") String worker) {
        }
    }

    static class StaticMisuseTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess fine;

        @SpawnedProcess(main = SleepForever.class, command = "sleep")
        static ChildProcess broken;

        @Test
        void test() {
        }
    }

    static class InstanceMisuseTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess fine;

        @SpawnedProcess(command = "true")
        Process wrong;

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    static class FinalSpawnerTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess fine;

        final ProcessSpawner spawner = null;

        @Test
        void test() {
        }
    }

    static class BeforeAllParameterTestCase {
        @SpawnedProcess(main = SleepForever.class, command = "sleep")
        ChildProcess broken;

        @BeforeAll
        static void server(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess server) {
        }

        @Test
        void test() {
        }
    }

    interface Constants {
        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess SERVER = null;
    }

    static class InterfaceFieldTestCase implements Constants {
        @Test
        void test() {
        }
    }

    static class StartTwiceTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess worker;

        @Test
        void test() {
            worker.start();
        }
    }

    static class PidOfNewTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, autoStart = false)
        ChildProcess later;

        @Test
        void test() {
            assertThat(later.state()).isEqualTo(ProcessState.NEW);
            later.pid();
        }
    }
}
