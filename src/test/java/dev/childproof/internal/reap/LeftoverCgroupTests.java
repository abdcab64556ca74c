package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PidNamespace;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The start-up sweep of an earlier run's cgroup. The earlier run is made under a parent cgroup of this test's own,
 * so the start-up sweeps of other test JVMs running at the same time (Surefire forks) never see it.
 */
@DisplayName("Cleanup: an earlier run's cgroup is emptied and removed at start-up")
@ResourceLock(LeftoverCgroupTests.SWEEPS)
class LeftoverCgroupTests {

    /**
     * Held by the test classes that run a start-up sweep on this system or leave a process for one: a sweep ends
     * every leftover of a gone JVM that it sees, another test's too, and reports it.
     */
    static final String SWEEPS = "dev.childproof.internal.reap.leftover-sweeps";

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsWhatIsLeftInTheCgroupOfAnEarlierRunAndRemovesIt() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (EarlierRun earlier = EarlierRun.named(gone.pid())) {
            List<String> report = earlier.sweep();

            assertThat(report).containsExactly("childproof: ended pid " + earlier.leftover.pid() + ", left in the"
                    + " cgroup of an earlier test run whose JVM (pid " + gone.pid() + ") is gone");
            assertThat(earlier.leftover.waitFor()).isEqualTo(137);
            assertThat(earlier.cgroup.dir()).doesNotExist();
        }
    }

    @Test
    void endsWhatIsLeftInTheCgroupOfAnEarlierRunWhoseJvmPidNowBelongsToALaterProcess() throws Exception {
        Process leftover = new ProcessBuilder("sleep", "300").start();
        Process reuser = startedLater(leftover);
        try (EarlierRun earlier = EarlierRun.named(reuser.pid(), leftover)) {
            List<String> report = earlier.sweep();

            assertThat(report).containsExactly("childproof: ended pid " + leftover.pid() + ", left in the cgroup of"
                    + " an earlier test run whose JVM (pid " + reuser.pid() + ") is gone");
            assertThat(leftover.waitFor()).isEqualTo(137);
            assertThat(earlier.cgroup.dir()).doesNotExist();
            assertThat(reuser.isAlive()).as("the process that has the pid now").isTrue();
        } finally {
            reuser.destroyForcibly();
        }
    }

    @Test
    void keepsTheCgroupOfARunWhoseJvmStillRuns() throws Exception {
        Process running = new ProcessBuilder("sleep", "300").start();
        try (EarlierRun other = EarlierRun.named(running.pid())) {
            // made after the process at its pid started: as a run's JVM makes its cgroup
            assertThat(other.sweep()).isEmpty();
            assertThat(other.leftover.isAlive()).as("the other run's process").isTrue();
            assertThat(other.cgroup.dir()).exists();
        } finally {
            running.destroyForcibly();
        }
    }

    @Test
    void endsWhatIsLeftInTheCgroupOfAnEarlierRunOfThisPidNamespace() throws Exception {
        assumeTrue(PidNamespace.ofThisProcess().isPresent(), "no pid namespace to be read here");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (EarlierRun earlier = EarlierRun.named(gone.pid() + ".0123abcd." + PidNamespace.ofThisProcess().get(),
                new ProcessBuilder("sleep", "300").start())) {
            assertThat(earlier.sweep()).containsExactly("childproof: ended pid " + earlier.leftover.pid() + ", left"
                    + " in the cgroup of an earlier test run whose JVM (pid " + gone.pid() + ") is gone");
            assertThat(earlier.leftover.waitFor()).isEqualTo(137);
            assertThat(earlier.cgroup.dir()).doesNotExist();
        }
    }

    @Test
    void keepsTheCgroupOfARunInAnotherPidNamespace() throws Exception {
        // a test JVM in a sandbox (unshare -p, bwrap, Bazel) that shares this cgroup tree: its pid, gone here, is
        // that of a JVM which runs in its own namespace
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (EarlierRun other = EarlierRun.named(gone.pid() + ".0123abcd.1", new ProcessBuilder("sleep", "300")
                .start())) {
            assertThat(other.sweep()).isEmpty();
            assertThat(other.leftover.isAlive()).as("the other run's process").isTrue();
            assertThat(other.cgroup.dir()).exists();
        }
    }

    @Test
    void thisRunsCgroupIsNamedWithItsPidNamespace() {
        assumeTrue(PidNamespace.ofThisProcess().isPresent(), "no pid namespace to be read here");
        assertThat(Containment.RUN_NAME).isEqualTo(Containment.PREFIX + ProcessHandle.current().pid() + "."
                + RunCookie.current().runId() + "." + PidNamespace.ofThisProcess().get());
    }

    /**
     * A {@code sleep 300} started in a later clock tick than the given process (start times count ticks since boot):
     * one that could take the pid of a JVM that launched the other and died.
     */
    private static Process startedLater(Process earlier) throws IOException {
        long before = OS.startTime(earlier.pid()).orElseThrow();
        for (int attempt = 0; attempt < 1000; attempt++) {
            Process later = new ProcessBuilder("sleep", "300").start();
            if (OS.startTime(later.pid()).orElseThrow() > before) {
                return later;
            }
            later.destroyForcibly(); // the same tick: a tick is 10 ms, a spawn about one
        }
        throw new IllegalStateException("no process started after pid " + earlier.pid() + " in 1000 attempts");
    }

    /** A cgroup named as a run of the given JVM pid names it, under a parent of this test's own, with a sleeper. */
    private static final class EarlierRun implements AutoCloseable {
        final CgroupTree parent;
        final CgroupTree cgroup;
        final Process leftover;

        private EarlierRun(CgroupTree parent, CgroupTree cgroup, Process leftover) {
            this.parent = parent;
            this.cgroup = cgroup;
            this.leftover = leftover;
        }

        static EarlierRun named(long jvmPid) throws IOException {
            return named(jvmPid, new ProcessBuilder("sleep", "300").start());
        }

        /** The same with a given process inside. */
        static EarlierRun named(long jvmPid, Process leftover) throws IOException {
            return named(jvmPid + ".0123abcd", leftover);
        }

        /** The same with the name's parts after the prefix given. */
        static EarlierRun named(String nameParts, Process leftover) throws IOException {
            Optional<CgroupTree> parent = TestCgroups.ofItsOwn();
            if (parent.isEmpty()) {
                leftover.destroyForcibly();
            }
            assumeTrue(parent.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
            Optional<CgroupTree> cgroup = parent.get().child(Containment.PREFIX + nameParts);
            assertThat(cgroup).isPresent();
            Files.write(cgroup.get().procsFile(), Long.toString(leftover.pid()).getBytes(StandardCharsets.US_ASCII));
            return new EarlierRun(parent.get(), cgroup.get(), leftover);
        }

        /**
         * The start-up sweep of a run whose cgroups are siblings of this one; what it reported of cgroups. What it
         * reported of processes found by their cookie is left out: a test in another Surefire fork (which no lock
         * here holds back) may leave one for any sweep of the system at that moment.
         */
        List<String> sweep() {
            List<String> report = new CopyOnWriteArrayList<>();
            Containment containment = new Containment(Optional.of(parent), Containment.PREFIX + "this-run");
            new LeftoverSweep(OS, RunCookie.current(), containment, report::add).endEarlierRuns();
            report.removeIf(line -> !line.contains(" left in the cgroup of an earlier test run "));
            return report;
        }

        @Override
        public void close() {
            leftover.destroyForcibly();
            Containment.awaitEmpty(cgroup);
            cgroup.remove();
            parent.remove();
        }
    }
}
