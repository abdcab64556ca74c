package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ExpectedMessages;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Composed annotations meta-annotated with @SpawnedProcess")
class ComposedAnnotationTests {

    /** A Python worker: says "ready <args>", polls its stop file, exits with the code in its first argument. */
    static final String PYTHON_WORKER = "import os, sys, time\n"
            + "print('ready', *sys.argv[1:], flush=True)\n"
            + "while not os.path.exists(os.environ['CHILDPROOF_STOP_FILE']):\n"
            + "    time.sleep(0.02)\n"
            + "sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)\n";

    @Test
    void declaresProcessesOnFieldsAndParametersWithPerUseOverrides() {
        ChildproofTestKit.executeTestClass(PythonWorkerTestCase.class).hasTests(1, 0);
    }

    @Test
    void anOverridingAttributeReplacesTheMetaAnnotationsValueEvenWithItsDefault() {
        ChildproofTestKit.executeTestClass(EnvOverrideTestCase.class).hasTests(1, 0);
    }

    @Test
    void composedAnnotationsComposeAgain() {
        ChildproofTestKit.executeTestClass(TwoLevelTestCase.class).hasTests(1, 0);
    }

    @Test
    void aComposedAnnotationMayCarryStopsWithinToo() {
        ChildproofTestKit.executeTestClass(DeafTestCase.class).hasSingleFailedTest().withMessageMatching(
                ExpectedMessages.missedStopsWithinEndedBySigterm("deaf", "200ms"));
    }

    @Test
    void anAttributeNamedLikeASpawnedProcessAttributeButOfAnotherTypeIsAnError() {
        var results = ChildproofTestKit.executeTestClass(MistypedOverrideTestCase.class);
        results.hasSingleFailedTest().withMessage("@MistypedWorker on field [ChildProcess"
                + " MistypedOverrideTestCase.worker] has attribute [args] of type String, but @SpawnedProcess.args is"
                + " String[]; declare it as String[] to override, or rename it.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void misuseErrorsNameTheComposedAnnotation() {
        var results = ChildproofTestKit.executeTestClass(WrongTypeTestCase.class);
        results.hasSingleFailedTest().withMessage("@PythonWorker field [String WrongTypeTestCase.worker] has type"
                + " String; declare it as ChildProcess.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void validationErrorsNameTheComposedAnnotation() {
        var results = ChildproofTestKit.executeTestClass(BadValueTestCase.class);
        results.hasSingleFailedTest().withMessage("@PythonWorker field [ChildProcess BadValueTestCase.worker] has"
                + " stopTimeout [soon], which is not a duration; write it like 500ms, 2s, 1m or PT2S.");
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void twoDeclaringAnnotationsOnOneElementAreAnError() {
        var results = ChildproofTestKit.executeTestClass(TwoDeclarationsTestCase.class);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess field [ChildProcess TwoDeclarationsTestCase.worker]"
                + " also carries @PythonWorker, and each declares a process; keep one of them.");
        assertThat(results.launched()).isEmpty();
    }

    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @SpawnedProcess(command = {"/usr/bin/python3", "-u", "-c", PYTHON_WORKER}, readyWhen = "ready.*",
            stopMethod = StopMethod.EVENT)
    @interface PythonWorker {
        /** Overrides {@link SpawnedProcess#args()}. */
        String[] args() default {};

        /** Overrides {@link SpawnedProcess#name()}. */
        String name() default "";

        /** Overrides {@link SpawnedProcess#stopTimeout()}. */
        String stopTimeout() default "";

        /** The user's own attribute: ignored by Childproof. */
        String description() default "a worker";
    }

    @Target({ElementType.FIELD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @PythonWorker(args = "5", name = "five")
    @interface FiveWorker {
    }

    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @SpawnedProcess(command = {"sh", "-c", "echo \"greeting=$GREETING\"; sleep 60"}, env = "GREETING=meta")
    @interface Greeter {
        String[] env() default "GREETING=composed default";
    }

    @Target({ElementType.FIELD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @SpawnedProcess(command = {"sleep", "60"}, stopMethod = StopMethod.EVENT)
    @StopsWithin("200ms")
    @interface DeafWorker {
    }

    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @SpawnedProcess(command = {"sleep", "60"})
    @interface MistypedWorker {
        String args() default "";
    }

    static class PythonWorkerTestCase {
        @PythonWorker
        ChildProcess worker;

        @Test
        void run(@PythonWorker(args = "3", name = "three", description = "ignored") ChildProcess three) {
            assertThat(worker.name()).isEqualTo("worker");
            assertThat(three.name()).isEqualTo("three");
            assertThat(worker.state()).isNotEqualTo(ProcessState.STARTING);
            assertThat(worker.output().lines()).contains("ready");
            assertThat(three.output().lines()).contains("ready 3");
            assertThat(three.stop()).hasToString("exited with code 3");
            assertThat(three.endedBy()).contains(StopRung.STOP_EVENT);
            assertThat(worker.isAlive()).isTrue();
        }
    }

    static class EnvOverrideTestCase {
        @Greeter
        ChildProcess byDefault;

        @Greeter(env = "GREETING=hello")
        ChildProcess overridden;

        @Test
        void run() {
            assertThat(byDefault.awaitLine("greeting=.*", Duration.ofSeconds(30)))
                    .isEqualTo("greeting=composed default");
            assertThat(overridden.awaitLine("greeting=.*", Duration.ofSeconds(30))).isEqualTo("greeting=hello");
        }
    }

    static class TwoLevelTestCase {
        @FiveWorker
        ChildProcess worker;

        @Test
        void run() {
            assertThat(worker.name()).isEqualTo("five");
            assertThat(worker.stop()).hasToString("exited with code 5");
        }
    }

    static class DeafTestCase {
        @Test
        void run(@DeafWorker ChildProcess deaf) {
            assertThat(deaf.isAlive()).isTrue();
        }
    }

    static class MistypedOverrideTestCase {
        @MistypedWorker(args = "x")
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }

    static class WrongTypeTestCase {
        @PythonWorker
        String worker;

        @Test
        void neverRuns() {
        }
    }

    static class BadValueTestCase {
        @PythonWorker(stopTimeout = "soon")
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }

    static class TwoDeclarationsTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        @PythonWorker
        ChildProcess worker;

        @Test
        void neverRuns() {
        }
    }
}
