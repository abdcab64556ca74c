package dev.childproof.internal.process;

import dev.childproof.ExitStatus;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.TimelineEvent;
import dev.childproof.testkit.ForwardingOperatingSystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stop ladder's look for a process stopped by something other than the test (SIGSTOP from the program itself, a
 * debugger, job control), which could not notice its stop event: made {@code LOOK_FOR_STOPPED_AFTER} (20 ms) after
 * the request and only when the process has not exited by then, not at the request itself, where it was a read of
 * {@code /proc/<pid>/stat} for nearly every process stopped. The system is the real one, with each look recorded.
 * Isolated: the processes belong to no scope, so a run-level sweep of a test running at the same time would end them.
 */
@Isolated
@DisplayName("Stopping: the look for a process stopped by something else")
@EnabledOnOs(OS.LINUX)
class StoppedProcessLookTests {

    static final Duration LOOK_AFTER = Duration.ofMillis(20);
    static final Duration PATIENCE = Duration.ofSeconds(10);

    static class Holder {
        @SpawnedProcess(command = {"sleep", "300"}, stopTimeout = "10s", killTimeout = "2s")
        dev.childproof.ChildProcess sleeper;

        @SpawnedProcess(command = {"sh", "-c", "echo up; kill -STOP $$; while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do"
                + " sleep 0.01; done; exit 0"}, readyWhen = "up", stopMethod = StopMethod.EVENT, stopTimeout = "10s",
                killTimeout = "2s")
        dev.childproof.ChildProcess stopsItself;
    }

    @TempDir
    Path logs;

    @Test
    @DisplayName("a process that exits on its stop request is not looked at before the look's delay has passed")
    void aProcessThatExitsOnItsRequestIsNotLookedAtBeforeTheDelay() throws Exception {
        Looks os = new Looks();
        ManagedProcess process = launch(os, "sleeper");
        try {
            long asked = System.nanoTime();
            assertThat(process.stop()).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(process.endedBy()).as("%s", process.timeline()).contains(StopRung.STOP_EVENT);
            // none at all as a rule (sleep dies of SIGTERM within a millisecond); one, on a machine slow enough, only
            // once the delay has passed, never at the request itself (where the ladder looked before, for every stop)
            assertThat(os.looksAt(process.pid())).as("nanoseconds after the stop was asked")
                    .allSatisfy(at -> assertThat(at - asked).isGreaterThanOrEqualTo(LOOK_AFTER.toNanos()));
        } finally {
            end(process);
        }
    }

    @Test
    @DisplayName("a process stopped by itself before its stop request is resumed by the look and ends on its stop event")
    void aProcessStoppedByItselfIsResumedByTheLookAndEndsOnItsStopEvent() throws Exception {
        Looks os = new Looks();
        ManagedProcess process = launch(os, "stopsItself");
        try {
            await().atMost(PATIENCE).until(() -> os.isSuspended(process.pid()));
            long asked = System.nanoTime();
            ExitStatus status = process.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - asked);
            assertThat(status).as("%s", process.timeline()).hasToString("exited with code 0");
            assertThat(process.endedBy()).as("%s", process.timeline()).contains(StopRung.STOP_EVENT);
            assertThat(took).as("%s", process.timeline()).isLessThan(Duration.ofSeconds(5)); // not the stop timeout
            assertThat(process.timeline().events()).extracting(TimelineEvent::description)
                    .containsSubsequence("stop requested (EVENT)", "resumed");
        } finally {
            end(process);
        }
    }

    private ManagedProcess launch(Looks os, String field) throws NoSuchFieldException {
        ManagedProcess process = Unscoped.of(Holder.class, field, logs, os);
        process.start();
        return process;
    }

    private static void end(ManagedProcess process) {
        process.end();
        process.release(System.nanoTime() + 1_000_000_000L);
    }

    /** The real system, each look for a stopped process recorded with its pid and moment. */
    private static final class Looks extends ForwardingOperatingSystem {
        private final List<long[]> looks = new CopyOnWriteArrayList<>();

        @Override
        public boolean isSuspended(long pid) {
            looks.add(new long[] {pid, System.nanoTime()});
            return real.isSuspended(pid);
        }

        List<Long> looksAt(long pid) {
            return looks.stream().filter(look -> look[0] == pid).map(look -> look[1]).toList();
        }
    }
}
