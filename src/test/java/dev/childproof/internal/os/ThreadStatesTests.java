package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ThreadStates: what /proc/<pid>/task says about a process")
class ThreadStatesTests {

    @TempDir
    Path tasks;

    @Test
    void aRunnableApplicationThreadMakesTheProcessRunnable() throws IOException {
        task(1, "java", 'S');
        task(2, "java", 'R');
        task(3, "GC Thread#0", 'S');
        assertThat(ThreadStates.observe(tasks)).contains(ProcessActivity.RUNNABLE);
    }

    @Test
    void runnableJvmServiceThreadsAloneLeaveTheProcessWaiting() throws IOException {
        task(1, "java", 'S');
        task(2, "java", 'S');
        task(3, "VM Periodic Tas", 'R');
        task(4, "G1 Service", 'R');
        task(5, "Monitor Deflati", 'R');
        task(6, "C2 CompilerThre", 'R');
        assertThat(ThreadStates.observe(tasks)).contains(ProcessActivity.WAITING);
    }

    @Test
    void sleepingAndDiskWaitingThreadsAreWaiting() throws IOException {
        task(1, "python3", 'S');
        task(2, "python3", 'D');
        assertThat(ThreadStates.observe(tasks)).contains(ProcessActivity.WAITING);
    }

    @Test
    void everyThreadStoppedIsStoppedAndOneNotYetStoppedIsWaiting() throws IOException {
        task(1, "java", 'T');
        task(2, "java", 'T');
        assertThat(ThreadStates.observe(tasks)).contains(ProcessActivity.STOPPED);
        task(3, "java", 'S');
        assertThat(ThreadStates.observe(tasks)).contains(ProcessActivity.WAITING);
    }

    @Test
    void aZombieOrAMissingProcessTellsNothing() throws IOException {
        assertThat(ThreadStates.observe(tasks.resolve("gone"))).isEmpty();
        task(1, "sh", 'Z');
        assertThat(ThreadStates.observe(tasks)).isEmpty();
    }

    @Test
    void threadNamesWithSpacesAndParenthesesAreRead() {
        Optional<ProcStat> stat = ProcStat.parse(line(7, "a (b) c", 'R'));
        assertThat(stat).hasValueSatisfying(s -> {
            assertThat(s.name()).isEqualTo("a (b) c");
            assertThat(s.state()).isEqualTo('R');
            assertThat(s.parentPid()).isEqualTo(1);
            assertThat(s.startTime()).isEqualTo(4242);
        });
    }

    private void task(int tid, String name, char state) throws IOException {
        Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(dir.resolve("stat"), line(tid, name, state));
    }

    /** A stat line as Linux writes it, with start time 4242 (field 22). */
    private static String line(int tid, String name, char state) {
        return tid + " (" + name + ") " + state + " 1 1 1 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 4242 1000 200"
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    }
}
