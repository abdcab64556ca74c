package dev.childproof;

import dev.childproof.fixtures.AwaitsStopEvent;
import dev.childproof.fixtures.InterruptsItsStopWatch;
import dev.childproof.fixtures.SetsItsStopEvent;
import dev.childproof.fixtures.StopEventProbe;
import dev.childproof.internal.launch.ChildClassPath;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("StopEvent.current(): the child-side API in a Java child")
class ChildStopEventTests {

    static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void answersIsSetAndAwaitBeforeAndAfterTheEventIsSet() {
        ChildproofTestKit.executeTestClass(ProbeTestCase.class).hasTests(1, 0);
    }

    @Test
    void theTestSeesTheEventAChildSet() {
        ChildproofTestKit.executeTestClass(SetByTheChildTestCase.class).hasTests(2, 0);
    }

    @Test
    void aChildThatInterruptsTheEventsWatchIsStillWokenBySetting() {
        ChildproofTestKit.executeTestClass(InterruptedWatchTestCase.class).hasTests(1, 0);
    }

    @Test
    void theRunsDirectoryRemovedByAChildIsMadeAgainAndTheStopStillArrives() {
        try (TestJvm jvm = TestJvm.running(RunDirectoryRemovedTestCase.class)) {
            jvm.awaitLine("^tests succeeded 3, failed 0$", Duration.ofSeconds(60));
        }
    }

    @Test
    void aRelativeTemporaryDirectoryStillGivesChildrenAbsoluteStopFiles() throws Exception {
        Files.createDirectories(Paths.get("target", "relative-tmp"));
        try (TestJvm jvm = TestJvm.running(RelativeTemporaryDirectoryTestCase.class,
                "-Djava.io.tmpdir=target/relative-tmp")) {
            jvm.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(60));
        }
    }

    @Test
    void outsideALaunchedProcessItSaysSoAtOnce() {
        assertThatThrownBy(StopEvent::current).isInstanceOf(IllegalStateException.class).hasMessage(
                "This JVM was not launched by Childproof: the environment variable CHILDPROOF_STOP_FILE is not set;"
                        + " use the stop event and readiness API only in a process declared with @SpawnedProcess.");
        assertThatThrownBy(TaskContext::current).isInstanceOf(IllegalStateException.class).hasMessage(
                "This JVM was not launched by Childproof: the environment variable CHILDPROOF_COOKIE is not set;"
                        + " use the stop event and readiness API only in a process declared with @SpawnedProcess.");
    }

    @Test
    void aJavaChildNotLaunchedByChildproofFailsInsteadOfWaitingForever() throws Exception {
        Result result = runOutsideChildproof(Map.of());
        assertThat(result.code).isEqualTo(1);
        assertThat(result.stderr.get(0)).isEqualTo("Exception in thread \"main\" java.lang.IllegalStateException:"
                + " This JVM was not launched by Childproof: the environment variable CHILDPROOF_STOP_FILE is not set;"
                + " use the stop event and readiness API only in a process declared with @SpawnedProcess.");
    }

    @Test
    void aStaleStopFileWhoseRunEndedFailsClearly() throws Exception {
        Path stale = Paths.get(System.getProperty("java.io.tmpdir"), "childproof-ended-run-" + System.nanoTime(),
                "stop-1");
        Result result = runOutsideChildproof(Map.of("CHILDPROOF_STOP_FILE", stale.toString()));
        assertThat(result.code).isEqualTo(1);
        assertThat(result.stderr.get(0)).isEqualTo("Exception in thread \"main\" java.lang.IllegalStateException:"
                + " The stop file's directory " + stale.getParent() + " does not exist, so the test run that launched"
                + " this process has ended; CHILDPROOF_STOP_FILE is stale, so launch the process from a test again.");
    }

    /** Runs {@link AwaitsStopEvent} in a JVM started directly, without Childproof's environment. */
    private static Result runOutsideChildproof(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", ChildClassPath.of(AwaitsStopEvent.class), AwaitsStopEvent.class.getName());
        builder.environment().keySet().removeIf(key -> key.startsWith("CHILDPROOF_"));
        builder.environment().putAll(env);
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(process.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS)).as("exited on its own").isTrue();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), stderr.lines().toList());
        } finally {
            process.destroyForcibly();
        }
    }

    private record Result(int code, List<String> stderr) {
    }

    static class InterruptedWatchTestCase {
        @Test
        void wakes(@SpawnedProcess(main = InterruptsItsStopWatch.class, readyWhen = "ready", stopTimeout = "30s")
                ChildProcess child) {
            child.stopEvent().set();
            assertThat(child.join(Duration.ofSeconds(30))).map(ExitStatus::code).contains(0);
            assertThat(child.output().lines()).containsExactly("ready", "stopped");
            assertThat(child.endedBy()).contains(StopRung.STOP_EVENT);
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class RunDirectoryRemovedTestCase {
        @Test
        @Order(1)
        void removesIt(@SpawnedProcess(command = {"sh", "-c", "rm -rf \"${CHILDPROOF_STOP_FILE%/*}\"; echo removed;"
                + " exec sleep 300"}, readyWhen = "removed") ChildProcess remover) {
            assertThat(remover.stop()).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(remover.endedBy()).contains(StopRung.STOP_EVENT);
        }

        @Test
        @Order(2)
        void laterTestsStillStop(@SpawnedProcess(command = {"sh", "-c", "echo up; exec sleep 300"}, readyWhen = "up")
                ChildProcess next) {
            assertThat(next.stop()).hasToString("killed by SIGTERM (exit code 143)");
        }

        @Test
        @Order(3)
        void laterStopFilesAreLinkedAgain(@SpawnedProcess(command = {"sh", "-c", "echo up; while [ ! -e"
                + " \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.01; done; stat -c 'links %h' \"$CHILDPROOF_STOP_FILE\""},
                readyWhen = "up", stopMethod = StopMethod.EVENT) ChildProcess next) {
            assertThat(next.stop().code()).isZero();
            assertThat(next.output().lines()).as("the restored directory's empty file and this stop file")
                    .containsExactly("up", "links 2");
        }
    }

    static class RelativeTemporaryDirectoryTestCase {
        @Test
        void noticesItsStopFile(@SpawnedProcess(command = {"sh", "-c", "echo \"$CHILDPROOF_STOP_FILE\"; while [ ! -e"
                + " \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.01; done; echo noticed"}, workingDir = "/",
                stopMethod = StopMethod.EVENT) ChildProcess watcher) {
            assertThat(watcher.awaitLine("childproof", Duration.ofSeconds(30))).startsWith("/");
            assertThat(watcher.stop().code()).isZero();
            assertThat(watcher.output().lines()).contains("noticed");
        }
    }

    static class SetByTheChildTestCase {
        @Test
        void ownEvent(@SpawnedProcess(main = SetsItsStopEvent.class, readyWhen = "ready") ChildProcess child)
                throws InterruptedException {
            assertThat(child.stopEvent().isSet()).as("before the child sets it").isFalse();
            assertThat(child.stopEvent().await(Duration.ofMillis(30))).as("await before the child sets it").isFalse();
            child.sendLine("set it");
            assertThat(child.stopEvent().await(GENEROUS)).as("await while the child sets it").isTrue();
            assertThat(child.stopEvent().isSet()).isTrue();
            assertThat(child.awaitLine("set .*", GENEROUS)).isEqualTo("set true");
        }

        @Test
        @Timeout(30) // pool.await() below has no deadline of its own
        void sharedEvent(@SpawnedProcess(main = SetsItsStopEvent.class, readyWhen = "ready", stopEvent = "pool")
                ChildProcess setter, @SpawnedProcess(command = {"sh", "-c", "echo ready; while [ ! -e"
                        + " \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.01; done; echo noticed"}, readyWhen = "ready",
                        stopEvent = "pool") ChildProcess watcher, @SharedStopEvent("pool") StopEvent pool)
                throws InterruptedException {
            setter.sendLine("set it");
            pool.await();
            assertThat(pool.isSet()).isTrue();
            assertThat(watcher.join(GENEROUS)).as("the other process noticed").isPresent();
            assertThat(watcher.output().lines()).containsExactly("ready", "noticed");
        }
    }

    static class ProbeTestCase {
        @SpawnedProcess(main = StopEventProbe.class)
        ChildProcess probe;

        @Test
        void probe() {
            probe.awaitLine("ready", GENEROUS);
            probe.stopEvent().set();
            assertThat(probe.join().code()).isZero();
            assertThat(probe.endedBy()).contains(StopRung.STOP_EVENT);
            assertThat(probe.output().lines()).containsExactly("same instance true",
                    "before: isSet false, await(20ms) false", "ready", "after: isSet true, await(0ms) true");
        }
    }
}
