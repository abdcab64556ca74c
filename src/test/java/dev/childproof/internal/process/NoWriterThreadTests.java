package dev.childproof.internal.process;

import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.TimelineEvent;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.stop.ParentStopEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing to a child's standard input where no thread can be started (the test JVM at a process or thread limit:
 * {@code Thread.start} throws {@code OutOfMemoryError}, "unable to create native thread"). The JDK's error escaped
 * {@code sendLine}, and a {@code STDIN_LINE} or {@code CLOSE_STDIN} stop request threw it out of the stop event's
 * {@code set()}: the deliveries to the other processes sharing the event never went out, and the ladder (of
 * {@code stop()}, or of the cleanup) was abandoned before its SIGTERM. Isolated: its processes belong to no scope, so a
 * run-level sweep of a test running at the same time would end them.
 */
@Isolated
@DisplayName("Standard input where no writer thread can be started")
@EnabledOnOs(OS.LINUX)
class NoWriterThreadTests {

    private static final Consumer<Thread> NO_THREAD = thread -> {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits"
                + " reached");
    };

    static class Holder {
        @SpawnedProcess(command = {"sh", "-c", "echo ready; while read line; do echo \"read $line\";"
                + " [ \"$line\" = stop ] && exit 0; done; exit 9"}, readyWhen = "ready",
                stopMethod = StopMethod.STDIN_LINE, stopTimeout = "500ms", killTimeout = "5s")
        dev.childproof.ChildProcess reader;

        @SpawnedProcess(command = {"sleep", "300"}, stopTimeout = "5s", killTimeout = "5s")
        dev.childproof.ChildProcess sleeper;
    }

    @TempDir
    Path logs;

    @Test
    void sendLineWritesOnTheCallersThread() throws Exception {
        ManagedProcess reader = launch("reader", new ParentStopEvent("reader"));
        try {
            reader.sendLine("hello");
            assertThat(reader.awaitLine("^read hello$", Duration.ofSeconds(30))).isEqualTo("read hello");
        } finally {
            end(reader);
        }
    }

    @Test
    void aStdinStopRequestWithoutAThreadIsNotSentAndTheLadderAndTheSharedEventGoOn() throws Exception {
        ParentStopEvent shared = new ParentStopEvent("shared");
        ManagedProcess reader = launch("reader", shared);
        ManagedProcess sleeper = launch("sleeper", shared);
        try {
            assertThat(reader.stop()).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(reader.endedBy()).contains(StopRung.SIGTERM);
            assertThat(reader.timeline().events()).extracting(TimelineEvent::description).containsSubsequence(
                    "stop requested (STDIN_LINE)", "STDIN_LINE not sent (the system refused or failed it)",
                    "SIGTERM sent to the tree");
            // the event's SIGTERM to the process sharing it went out, though the delivery before it failed
            assertThat(sleeper.join(Duration.ofSeconds(30))).as("%s", sleeper.timeline()).isPresent();
            assertThat(sleeper.endedBy()).as("%s", sleeper.timeline()).contains(StopRung.STOP_EVENT);
        } finally {
            end(reader);
            end(sleeper);
        }
    }

    private ManagedProcess launch(String field, ParentStopEvent event) throws NoSuchFieldException {
        ManagedProcess process = Unscoped.of(Holder.class, field, logs, OperatingSystem.current(), event);
        process.startWritersWith(NO_THREAD);
        process.start();
        return process;
    }

    private static void end(ManagedProcess process) {
        process.end();
        process.release(System.nanoTime() + 1_000_000_000L);
    }
}
