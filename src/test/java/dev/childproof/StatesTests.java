package dev.childproof;

import dev.childproof.fixtures.ReadStdin;
import dev.childproof.fixtures.SleepForever;
import dev.childproof.fixtures.Spin;
import dev.childproof.fixtures.StopAware;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.childproof.ChildproofAssertions.assertThat;
import static dev.childproof.ProcessState.BLOCKED;
import static dev.childproof.ProcessState.NEW;
import static dev.childproof.ProcessState.RUNNING;
import static dev.childproof.ProcessState.STARTING;
import static dev.childproof.ProcessState.SUSPENDED;
import static dev.childproof.ProcessState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("ProcessState: every state read from real processes")
class StatesTests {

    /** Generous: the machine running the suite may be busy. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aProcessDeclaredWithoutAutoStartIsNewUntilStartedThenLivesAndTerminates() {
        ChildproofTestKit.executeTestClass(NewTestCase.class).hasTests(1, 0);
    }

    @Test
    void aProcessIsStartingUntilItsReadinessIsMet() {
        ChildproofTestKit.executeTestClass(StartingTestCase.class).hasTests(1, 0);
    }

    @Test
    void aJavaChildWhoseMainThreadSpinsReadsRunningInEveryReading() {
        ChildproofTestKit.executeTestClass(SpinningTestCase.class).hasTests(1, 0);
    }

    @Test
    void javaChildrenBlockedOnInputOrSleepingAndAPlainSleepReadBlocked() {
        ChildproofTestKit.executeTestClass(BlockedTestCase.class).hasTests(3, 0);
    }

    @Test
    void aSuspendedProcessReadsSuspendedUntilResumed() {
        ChildproofTestKit.executeTestClass(SuspendedTestCase.class).hasTests(1, 0);
    }

    @Test
    void aProcessLeftSuspendedIsResumedAtCleanupSoItCanStopOnItsStopEvent() {
        LeftSuspendedTestCase.seen = null;
        ChildproofTestKit.executeTestClass(LeftSuspendedTestCase.class).hasTests(1, 0);
        assertThat(LeftSuspendedTestCase.seen).isInState(TERMINATED).endedOn(StopRung.STOP_EVENT).hasExitCode(0);
        assertEquals(java.util.List.of("launched pid " + LeftSuspendedTestCase.seen.pid(), "ready", "suspended",
                "resumed", "stop requested (EVENT)", "exited with code 0"), descriptions(LeftSuspendedTestCase.seen));
    }

    static java.util.List<String> descriptions(ChildProcess process) {
        return process.timeline().events().stream().map(TimelineEvent::description)
                .collect(java.util.stream.Collectors.toList());
    }

    static class NewTestCase {
        @SpawnedProcess(main = ReadStdin.class, autoStart = false)
        ChildProcess reader;

        @Test
        void newThenBlockedThenTerminated() throws Exception {
            assertThat(reader).isInState(NEW).isNotAlive();
            assertThatThrownBy(reader::pid).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Process [reader] has no pid: it is NEW; call start() first.");
            reader.start();
            assertThat(reader).isAlive();
            await().atMost(PATIENCE).until(reader::isBlocked);
            reader.stdin().close();
            await().atMost(PATIENCE).until(reader::isTerminated);
            assertThat(reader).isInState(TERMINATED).isNotAlive().hasExitCode(0);
        }
    }

    static class StartingTestCase {
        @SpawnedProcess(command = {"sh", "-c", "read answer; echo ready; exec sleep 60"}, readyWhen = "^ready$",
                autoStart = false)
        ChildProcess server;

        @Test
        void startingUntilReady() {
            CompletableFuture<ChildProcess> started = CompletableFuture.supplyAsync(server::start);
            await().atMost(PATIENCE).until(server::state, state -> state == STARTING);
            server.sendLine("go");
            assertEquals(server, started.join());
            await().atMost(PATIENCE).until(server::isBlocked);
        }
    }

    static class SpinningTestCase {
        @SpawnedProcess(main = Spin.class, readyWhen = "spinning")
        ChildProcess spinner;

        @Test
        void running() {
            await().atMost(PATIENCE).until(spinner::isRunning);
            IntStream.range(0, 50).forEach(i -> assertThat(spinner).isInState(RUNNING));
        }
    }

    static class BlockedTestCase {
        @SpawnedProcess(main = ReadStdin.class, readyWhen = "waiting for input")
        ChildProcess reader;

        @Test
        void javaMainThreadBlockedOnSystemInRead() {
            await().atMost(PATIENCE).until(reader::isBlocked);
            reader.sendLine("hello");
            reader.awaitLine("got a line", PATIENCE);
            await().atMost(PATIENCE).until(reader::isBlocked);
        }

        @Test
        void javaMainThreadSleeping(@SpawnedProcess(main = SleepForever.class, readyWhen = "sleeping")
                ChildProcess sleeper) {
            await().atMost(PATIENCE).until(sleeper::isBlocked);
        }

        @Test
        void plainSleep(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleep) {
            await().atMost(PATIENCE).until(sleep::isBlocked);
        }
    }

    static class SuspendedTestCase {
        @SpawnedProcess(main = Spin.class, readyWhen = "spinning")
        ChildProcess spinner;

        @Test
        void suspendedThenRunningAgain() {
            await().atMost(PATIENCE).until(spinner::isRunning);
            spinner.suspend();
            await().atMost(PATIENCE).until(spinner::isSuspended);
            assertThat(spinner).isAlive();
            spinner.resume();
            await().atMost(PATIENCE).until(spinner::isRunning);
        }
    }

    static class LeftSuspendedTestCase {
        static volatile ChildProcess seen;

        @SpawnedProcess(main = StopAware.class, readyWhen = "ready")
        ChildProcess worker;

        @Test
        void leftSuspended() {
            seen = worker;
            worker.suspend();
            await().atMost(PATIENCE).until(worker::state, state -> state == SUSPENDED);
        }
    }

    @Test
    void everyStateButNewAndTerminatedIsAlive() {
        for (ProcessState state : ProcessState.values()) {
            assertEquals(state != NEW && state != TERMINATED, state.isAlive(), state.name());
        }
        assertEquals(java.util.List.of(NEW, STARTING, RUNNING, BLOCKED, SUSPENDED, TERMINATED),
                java.util.List.of(ProcessState.values()));
    }
}
