package dev.childproof.internal.process;

import dev.childproof.ChildProcess;
import dev.childproof.Signal;
import dev.childproof.StopMethod;
import dev.childproof.TimelineEvent;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.os.OperatingSystem;
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
import java.util.OptionalLong;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A process the test JVM may not signal (EPERM: it runs as another user, as {@code sudo}, {@code su} or another
 * setuid program makes it, and the test JVM is not root). Real processes, with the system's refusal played by an
 * operating system that refuses every signal to the chosen pids; the cgroup layer is off, as it is for a user
 * without a writable cgroup2 hierarchy. Once, {@code stop()} waited for ever and the cleanup said nothing after 20 s
 * of waiting, leaving the process running. Isolated: its processes belong to no scope, so a run-level sweep of a
 * test running at the same time would end them.
 */
@Isolated
@DisplayName("Stopping: a process the system refuses to signal")
@EnabledOnOs(OS.LINUX)
class RefusedSignalsTests {

    private static final Duration QUICKLY = Duration.ofSeconds(8);

    static class Holder {
        @SpawnedProcess(command = {"sleep", "300"}, stopTimeout = "200ms", killTimeout = "200ms")
        ChildProcess alone;

        @SpawnedProcess(command = {"sh", "-c", "sleep 301 & wait"}, stopTimeout = "200ms", killTimeout = "200ms")
        ChildProcess tree;

        @SpawnedProcess(command = {"sleep", "300"}, stopMethod = StopMethod.SIGINT, stopTimeout = "200ms",
                killTimeout = "200ms")
        ChildProcess byInterrupt;
    }

    @TempDir
    Path logs;

    @Test
    void stopFailsAtOnceNamingTheProcessRatherThanWaitingForEver() throws Exception {
        ManagedProcess process = launch("alone", pid -> true);
        try {
            long pid = process.pid();
            assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(process::stop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Process [alone] could not be stopped: the system refused to signal it, pid "
                            + pid + " (sleep 300)")
                    .hasMessageContaining("runs as another user"));
            assertThat(process.isAlive()).isTrue();
        } finally {
            reallyEnd(process);
        }
    }

    @Test
    void theCleanupSaysItCouldNotEndTheProcessRatherThanLeavingItSilently() throws Exception {
        ManagedProcess process = launch("alone", pid -> true);
        try {
            assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(process::end)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Process [alone] could not be ended: the system refused to signal it")
                    .hasMessageContaining("outlives the test"));
        } finally {
            reallyEnd(process);
        }
    }

    @Test
    void aRefusedDescendantIsNamedWhenItsParentEnds() throws Exception {
        ManagedProcess process = launch("tree", pid -> !OperatingSystem.current().commandLine(pid).startsWith("sh"));
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> OperatingSystem.current().descendantsOf(process.pid()).size() == 1);
            long sleep = OperatingSystem.current().descendantsOf(process.pid()).get(0);
            assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(process::stop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Process [tree] could not be stopped: the system refused to signal a process"
                            + " it started, pid " + sleep + " (sleep 301)"));
            assertThat(process.exitStatus()).as("the shell itself took SIGTERM").isPresent();
        } finally {
            reallyEnd(process);
        }
    }

    @Test
    void stopFailsRatherThanWaitingForEverForAProcessTheSystemHides() throws Exception {
        // /proc mounted with hidepid=2: another user's process is not listed, so no signal can be sent safely
        ManagedProcess process = launch("alone", pid -> true, true);
        try {
            long pid = process.pid();
            assertTimeoutPreemptively(Duration.ofSeconds(25), () -> assertThatThrownBy(process::stop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Process [alone] could not be stopped: pid " + pid + " is still running"
                            + " after SIGKILL (the system hides it from this user"));
        } finally {
            reallyEnd(process);
        }
    }

    @Test
    void aSignalTheTestSendsFailsNamingTheProcessRatherThanLeavingTheTestToWaitForItsEffect() throws Exception {
        ManagedProcess process = launch("alone", pid -> true);
        try {
            long pid = process.pid();
            assertThatThrownBy(() -> process.signal(Signal.SIGUSR1)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("signal(SIGUSR1) was not sent to process [alone], pid " + pid + ": the system refused"
                            + " it (the process runs as another user, as sudo, su or another setuid program makes it)"
                            + " or failed to send it (standard error says why); launch it so that it stays this"
                            + " user's, or send it again.");
            assertThatThrownBy(process::suspend).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("suspend() was not sent to process [alone], pid " + pid + ": ");
            assertThatThrownBy(process::resume).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("resume() was not sent to process [alone], pid " + pid + ": ");
        } finally {
            reallyEnd(process);
        }
    }

    @Test
    void aStoppedProcessTheSystemWillNotResumeIsStillLadderedAndReportedNotFailedAtItsResume() throws Exception {
        ManagedProcess process = launch("alone", pid -> true);
        try {
            long pid = process.pid();
            assertThat(OperatingSystem.current().signal(pid, "STOP")).isTrue(); // stopped by someone allowed to
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> OperatingSystem.current().isSuspended(pid));
            assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(process::end)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Process [alone] could not be ended: the system refused to signal it"));
            assertThat(process.timeline().events()).extracting(TimelineEvent::description).contains("resumed");
        } finally {
            reallyEnd(process);
        }
    }

    @Test
    void aStopRequestBySignalThatWasNotSentIsOnTheTimeline() throws Exception {
        ManagedProcess process = launch("byInterrupt", pid -> true);
        try {
            process.stopEvent().set();
            assertThat(process.timeline().events()).extracting(TimelineEvent::description)
                    .containsSubsequence("stop requested (SIGINT)",
                            "SIGINT not sent (the system refused or failed it)");
        } finally {
            reallyEnd(process);
        }
    }

    private ManagedProcess launch(String field, LongPredicate refused) throws NoSuchFieldException {
        return launch(field, refused, false);
    }

    private ManagedProcess launch(String field, LongPredicate refused, boolean hidden) throws NoSuchFieldException {
        ManagedProcess process = Unscoped.of(Holder.class, field, logs, new Refusing(refused, hidden));
        process.start();
        return process;
    }

    /** Ends what the refusing system kept alive, with the real one. */
    private static void reallyEnd(ManagedProcess process) {
        OperatingSystem os = OperatingSystem.current();
        if (process.startInstant().isPresent()) {
            List<Long> all = new java.util.ArrayList<>(os.descendantsOf(process.pid()));
            all.add(process.pid());
            all.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            for (ProcessHandle h : ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                    .filter(c -> c.contains("sleep 301")).isPresent()).toList()) {
                h.destroyForcibly();
            }
            process.release(System.nanoTime() + 1_000_000_000L);
        }
    }

    /** The real system, except that it refuses every signal to the pids chosen. */
    private static final class Refusing extends ForwardingOperatingSystem {
        private final LongPredicate refused;
        private final boolean hidden;
        private volatile boolean launched;

        /** @param hidden whether the refused processes are not listed either, once launched (hidepid) */
        Refusing(LongPredicate refused, boolean hidden) {
            this.refused = refused;
            this.hidden = hidden;
        }

        private boolean hides(long pid) {
            return hidden && launched && refused.test(pid);
        }

        @Override
        public boolean signal(long pid, String signalName) {
            launched = true;
            return !refused.test(pid) && real.signal(pid, signalName);
        }

        @Override
        public boolean signalChild(Process child, String signalName) {
            launched = true;
            return !refused.test(child.pid()) && real.signalChild(child, signalName);
        }

        @Override
        public OptionalLong startTime(long pid) {
            return hides(pid) ? OptionalLong.empty() : real.startTime(pid);
        }

        @Override
        public boolean isGone(long pid) {
            return hides(pid) || real.isGone(pid);
        }

        @Override
        public boolean isRunning(long pid, long startTime) {
            return !hides(pid) && real.isRunning(pid, startTime);
        }

        @Override
        public boolean hasEnded(long pid, long startTime) {
            return hides(pid) || real.hasEnded(pid, startTime);
        }
    }
}
