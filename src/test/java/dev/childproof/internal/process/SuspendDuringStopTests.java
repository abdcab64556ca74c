package dev.childproof.internal.process;

import dev.childproof.ExitStatus;
import dev.childproof.SpawnedProcess;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code suspend()} on one thread while {@code stop()} runs on another (two concurrent tests sharing a class's
 * process, say). The suspend marked the process as stopped by the test and then sent SIGSTOP; the stop request saw
 * the mark and sent SIGCONT in between, so the SIGSTOP landed last: the process stayed stopped with its stop request
 * pending until the SIGTERM rung, a whole stop timeout later (a {@code @StopsWithin} miss), while its timeline said
 * "suspended · resumed". The system here is the real one, except that a SIGSTOP is held back until a SIGCONT was sent
 * (or a second passed), which makes that interleaving certain. Isolated: its process belongs to no scope, so a
 * run-level sweep of a test running at the same time would end it.
 */
@Isolated
@DisplayName("Stopping: a suspend() racing a stop() on another thread")
@EnabledOnOs(OS.LINUX)
class SuspendDuringStopTests {

    static class Holder {
        @SpawnedProcess(command = {"sleep", "300"}, stopTimeout = "5s", killTimeout = "2s")
        dev.childproof.ChildProcess sleeper;
    }

    @TempDir
    Path logs;

    @Test
    void theStopRequestResumesTheProcessAfterTheSuspendsSigstopNotBeforeIt() throws Exception {
        SlowStop os = new SlowStop();
        ManagedProcess process = launch(os);
        try {
            CompletableFuture<Void> suspending = CompletableFuture.runAsync(process::suspend);
            assertThat(os.stopEntered.await(10, TimeUnit.SECONDS)).as("the suspend is sending SIGSTOP").isTrue();
            long started = System.nanoTime();
            ExitStatus status = process.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            suspending.get(10, TimeUnit.SECONDS);
            assertThat(process.endedBy()).as("%s", process.timeline()).contains(StopRung.STOP_EVENT);
            assertThat(status).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(took).as("%s", process.timeline()).isLessThan(Duration.ofSeconds(4));
            assertThat(process.timeline().events()).extracting(TimelineEvent::description)
                    .containsSubsequence("suspended", "resumed", "stop requested (SIGTERM)");
        } finally {
            process.end();
            process.release(System.nanoTime() + 1_000_000_000L);
        }
    }

    private ManagedProcess launch(SlowStop os) throws NoSuchFieldException {
        ManagedProcess process = Unscoped.of(Holder.class, "sleeper", logs, os);
        process.start();
        return process;
    }

    /** The real system, except that SIGSTOP waits until a SIGCONT was sent, or for a second. */
    private static final class SlowStop extends ForwardingOperatingSystem {
        final CountDownLatch stopEntered = new CountDownLatch(1);
        final CountDownLatch contSent = new CountDownLatch(1);

        @Override
        public boolean signalChild(Process child, String signalName) {
            if (signalName.equals("STOP")) {
                stopEntered.countDown();
                try {
                    contSent.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean sent = real.signalChild(child, signalName);
            if (signalName.equals("CONT")) {
                contSent.countDown();
            }
            return sent;
        }
    }
}
