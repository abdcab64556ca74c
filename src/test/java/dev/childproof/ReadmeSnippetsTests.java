package dev.childproof;

import dev.childproof.fixtures.ReadmeWorker;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import static dev.childproof.ChildproofAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The snippets of README.md, compiled and run, so the README cannot rot. */
@DisplayName("README snippets")
class ReadmeSnippetsTests {

    @Test
    void snippetsRunAsWritten() {
        ChildproofTestKit.executeTestClass(SnippetsTestCase.class).hasTests(4, 0);
    }

    /** README: "Many processes from code, your own annotations". */
    @Target({ElementType.FIELD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @SpawnedProcess(command = {"python3", "src/test/python/worker.py"}, readyWhen = "ready",
            stopMethod = StopMethod.EVENT)
    @interface PythonWorker {
        String[] args() default {};
    }

    static class SnippetsTestCase {

        @PythonWorker(args = "--fast")
        ChildProcess pythonWorker;

        @Test
        void pool(ProcessSpawner spawner, @SharedStopEvent("pool") StopEvent pool) {
            for (int i = 0; i < 4; i++) {
                spawner.main(ReadmeWorker.class).args("--id", "" + i).name("worker-" + i).stopEvent("pool").spawn();
            }
            pool.set();
            for (ChildProcess each : spawner.processes()) {
                assertThat(each.join(Duration.ofSeconds(30))).isPresent();
                assertThat(each).exitedNormally().endedOn(StopRung.STOP_EVENT);
            }
        }

        @Test
        void composedAnnotation() {
            assertThat(pythonWorker.output().lines()).containsExactly("ready --fast");
        }

        @Test
        void composedAnnotationStopsOnItsStopFile(@PythonWorker ChildProcess worker) {
            // README: a command that watches its stop file, as worker.py does, is stopped through that file
            assertThat(worker.stop().code()).isZero();
            assertThat(worker).exitedNormally().endedOn(StopRung.STOP_EVENT);
            assertThat(worker).output().contains("bye");
        }

        @Test
        void assertions(@SpawnedProcess(main = ReadmeWorker.class) ChildProcess worker,
                @SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) {
            // not in the README: its 2 s are for a worker in its loop, while this one was launched a moment ago and
            // its JVM may still be starting on a busy machine (the loop waits on the stop event, so it reads blocked)
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30)).until(worker::isBlocked);
            // README: "States, signals and assertions"
            assertThat(worker).isAlive();
            assertThat(worker).stopsWithin(Duration.ofSeconds(2)).exitedNormally().endedOn(StopRung.STOP_EVENT);
            assertThat(worker).output().contains("bye").hasLineMatching("processed \\d+ items");
            assertThat(sleeper.stop()).wasKilledBy(Signal.SIGTERM);
        }
    }
}
