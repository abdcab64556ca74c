package dev.childproof;

import dev.childproof.fixtures.EchoTask;
import dev.childproof.fixtures.FailingTask;
import dev.childproof.fixtures.FailingTaskWithAThread;
import dev.childproof.fixtures.ReturnsCode;
import dev.childproof.fixtures.TaskWithPrivateConstructor;
import dev.childproof.fixtures.TaskWithoutDefaultConstructor;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ProcessTask: a main class that implements it runs run(TaskContext)")
class ProcessTaskTests {

    static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void theTaskGetsItsArgsNameAndStopEventAndItsResultIsTheExitCode() {
        ChildproofTestKit.executeTestClass(EchoTestCase.class).hasTests(1, 0);
    }

    @Test
    void anUncaughtExceptionExitsWithCodeOneAndTheStackTraceOnStandardError() {
        ChildproofTestKit.executeTestClass(FailingTestCase.class).hasTests(1, 0);
    }

    @Test
    void anUncaughtExceptionExitsAtOnceThoughAThreadOfTheTaskStillRuns() {
        ChildproofTestKit.executeTestClass(FailingWithAThreadTestCase.class).hasTests(1, 0);
    }

    @Test
    void aResultOutsideZeroTo255ExitsWithCodeOneAndSaysSoOnStandardError() {
        ChildproofTestKit.executeTestClass(ResultOutOfRangeTestCase.class).hasTests(1, 0);
    }

    @Test
    void aTaskWhoseConstructorIsNotPublicIsAMisuseError() {
        var results = ChildproofTestKit.executeTestClass(PrivateConstructorTestCase.class);
        results.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@SpawnedProcess field [ChildProcess PrivateConstructorTestCase.task] names main class ["
                        + TaskWithPrivateConstructor.class.getName() + "], which implements ProcessTask but its"
                        + " no-argument constructor is not public; make it public.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void aTaskWithoutANoArgumentConstructorIsAMisuseError() {
        var results = ChildproofTestKit.executeTestClass(NoConstructorTestCase.class);
        results.hasSingleFailedTest().isInstanceOf(ExtensionConfigurationException.class).withMessage(
                "@SpawnedProcess field [ChildProcess NoConstructorTestCase.task] names main class ["
                        + TaskWithoutDefaultConstructor.class.getName() + "], which implements ProcessTask but has"
                        + " no no-argument constructor; add one.");
        assertThat(results.launched()).isEmpty();
    }

    static class EchoTestCase {
        @SpawnedProcess(main = EchoTask.class, args = {"a", "b c"}, name = "echo")
        ChildProcess task;

        @Test
        void runs() {
            task.awaitLine("ready", GENEROUS);
            task.stopEvent().set();
            assertThat(task.join().code()).isEqualTo(5);
            assertThat(task.endedBy()).contains(StopRung.STOP_EVENT);
            assertThat(task.output().lines()).containsExactly("args [a, b c]", "name echo", "ready", "stopping");
        }
    }

    static class FailingTestCase {
        @SpawnedProcess(main = FailingTask.class)
        ChildProcess task;

        @Test
        void fails() {
            assertThat(task.join().code()).isEqualTo(1);
            assertThat(task.output().stderrLines()).startsWith(
                    "Exception in thread \"main\" java.lang.IllegalStateException: task failed on purpose",
                    "\tat " + FailingTask.class.getName() + ".run(FailingTask.java:10)");
            assertThat(task.output().stdoutLines()).isEmpty();
        }
    }

    static class FailingWithAThreadTestCase {
        @SpawnedProcess(main = FailingTaskWithAThread.class)
        ChildProcess task;

        @Test
        void failsWithoutWaitingForItsThread() {
            assertThat(task.join(Duration.ofSeconds(20))).as("exited without waiting for the task's thread")
                    .hasValueSatisfying(status -> assertThat(status.code()).isEqualTo(1));
            assertThat(task.output().stderrLines()).startsWith("Exception in thread \"main\""
                    + " java.lang.IllegalStateException: task failed with a thread running");
        }
    }

    /** POSIX keeps the low 8 bits of an exit code: 256 exited 0 (success), 257 exited 1 and -1 exited 255. */
    static class ResultOutOfRangeTestCase {
        @SpawnedProcess(main = ReturnsCode.class, args = "256")
        ChildProcess wraps;

        @SpawnedProcess(main = ReturnsCode.class, args = "-1")
        ChildProcess negative;

        @SpawnedProcess(main = ReturnsCode.class, args = "255")
        ChildProcess highest;

        @Test
        void exitsWithOne() {
            assertThat(wraps.join().code()).isEqualTo(1);
            assertThat(wraps.output().lines()).containsExactly("ProcessTask [" + ReturnsCode.class.getName()
                    + "] returned 256, which is not an exit code from 0 to 255, so the process exits with code 1;"
                    + " return a code from 0 to 255.");
            assertThat(wraps.output().stderrLines()).hasSize(1);
            assertThat(negative.join().code()).isEqualTo(1);
            assertThat(negative.output().stderrLines()).containsExactly("ProcessTask ["
                    + ReturnsCode.class.getName() + "] returned -1, which is not an exit code from 0 to 255, so the"
                    + " process exits with code 1; return a code from 0 to 255.");
            assertThat(highest.join().code()).isEqualTo(255);
            assertThat(highest.output().lines()).isEmpty();
        }
    }

    static class PrivateConstructorTestCase {
        @SpawnedProcess(main = TaskWithPrivateConstructor.class)
        ChildProcess task;

        @Test
        void neverRuns() {
        }
    }

    static class NoConstructorTestCase {
        @SpawnedProcess(main = TaskWithoutDefaultConstructor.class)
        ChildProcess task;

        @Test
        void neverRuns() {
        }
    }
}
