package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
class LeftoverCgroupTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void endsWhatIsLeftInTheCgroupOfAnEarlierRunAndRemovesIt() throws Exception {
        Optional<CgroupTree> parent = Containment.instance().parent()
                .flatMap(p -> p.child("childproof-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        assumeTrue(parent.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Optional<CgroupTree> earlier = parent.get().child(Containment.PREFIX + gone.pid() + ".0123abcd");
        assertThat(earlier).isPresent();
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            Files.write(earlier.get().procsFile(), Long.toString(sleeper.pid()).getBytes(StandardCharsets.US_ASCII));
            List<String> report = new CopyOnWriteArrayList<>();
            Containment containment = new Containment(parent, Containment.PREFIX + "this-run");

            new LeftoverSweep(OS, RunCookie.current(), containment, report::add).endEarlierRuns();

            assertThat(report).contains("childproof: ended pid " + sleeper.pid() + ", left in the cgroup of an"
                    + " earlier test run whose JVM (pid " + gone.pid() + ") is gone");
            assertThat(sleeper.waitFor()).isEqualTo(137);
            assertThat(earlier.get().dir()).doesNotExist();
        } finally {
            sleeper.destroyForcibly();
            earlier.get().remove();
            parent.get().remove();
        }
    }
}
