package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.testkit.OpenFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cgroup layer keeps a cgroup its process emptied for the next launch, instead of an {@code rmdir} and a
 * {@code mkdir}. Each containment here is a run of its own under a parent cgroup of this test's, so other tests'
 * cgroups are never touched.
 */
@DisplayName("Cleanup: an emptied cgroup serves the next launch, and no one sees that launch through the old one")
class ContainmentReuseTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    private final List<Process> started = new ArrayList<>();
    private Optional<CgroupTree> parent;
    private Containment containment;

    @BeforeEach
    void makeARunOfItsOwn() {
        parent = TestCgroups.ofItsOwn();
        assumeTrue(parent.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        containment = new Containment(parent, Containment.PREFIX + "reuse");
    }

    @AfterEach
    void endTheRun() {
        started.forEach(Process::destroyForcibly);
        if (containment != null) {
            containment.endRun(OS);
            parent.get().remove();
        }
    }

    @Test
    void theNextLaunchGetsTheCgroupTheLastOneEmptied() throws Exception {
        Path first = containment.prepare("cookie.1").orElseThrow();
        Process gone = launchInto(first, "true");
        gone.waitFor();

        assertThat(containment.endAll(OS, "cookie.1")).isEmpty();
        assertThat(containment.cgroupOf("cookie.1")).isEmpty();
        assertThat(first.getParent()).isDirectory();
        assertThat(containment.prepare("cookie.2")).contains(first);
    }

    @Test
    void aHandleOfTheEndedLaunchNeitherSeesNorKillsTheNextOne() throws Exception {
        Path procs = containment.prepare("cookie.1").orElseThrow();
        CgroupTree ofTheFirst = containment.cgroupOf("cookie.1").orElseThrow();
        Process first = launchInto(procs, "sleep", "300");
        assertThat(ofTheFirst.pids()).containsExactly(first.pid());
        first.destroyForcibly().waitFor();
        containment.endAll(OS, "cookie.1");

        assertThat(containment.prepare("cookie.2")).contains(procs);
        Process second = launchInto(procs, "sleep", "300");
        assertThat(ofTheFirst.pids()).isEmpty();
        assertThat(ofTheFirst.killAll(OS)).isEmpty();
        assertThat(ofTheFirst.isPopulated()).isFalse();
        assertThat(second.isAlive()).isTrue();
        assertThat(containment.cgroupOf("cookie.2").orElseThrow().pids()).containsExactly(second.pid());

        assertThat(containment.endAll(OS, "cookie.2")).containsExactly(second.pid());
        assertThat(second.waitFor()).isEqualTo(137);
    }

    @Test
    void aCgroupStillPopulatedAtCleanupIsEmptiedFirstThenKept() throws Exception {
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Process stopped = launchInto(procs, "sleep", "300");
        // a stopped process still dies of SIGKILL: the cgroup empties, and is kept
        OS.signal(stopped.pid(), "STOP");
        assertThat(containment.endAll(OS, "cookie.1")).containsExactly(stopped.pid());
        assertThat(containment.prepare("cookie.2")).contains(procs);
    }

    @Test
    void movesAndReadsGoThroughTheCgroupsFilesOpenedOnceWhichItsRemovalCloses() throws Exception {
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Path events = procs.resolveSibling("cgroup.events");
        CgroupTree cgroup = containment.cgroupOf("cookie.1").orElseThrow();
        assertThat(cgroup.holdsProcsFile()).isFalse();
        Process first = launchInto(procs, "sleep", "300");
        Process second = launchInto(procs, "sleep", "300");
        assertThat(cgroup.pids()).containsExactlyInAnyOrder(first.pid(), second.pid());
        assertThat(cgroup.isPopulated()).isTrue();
        assertThat(cgroup.holdsProcsFile()).isTrue();
        assertThat(cgroup.holdsEventsFile()).isTrue();
        assertThat(OpenFiles.countOn(procs)).isEqualTo(1);
        assertThat(OpenFiles.countOn(events)).isEqualTo(1);

        containment.endAll(OS, "cookie.1");
        assertThat(CgroupTree.at(procs.getParent()).isPopulated()).as("read through the kept descriptor").isFalse();
        assertThat(cgroup.removeIfEmpty()).isTrue();
        assertThat(OpenFiles.countOn(procs)).isZero();
        assertThat(OpenFiles.countOn(events)).isZero();
        assertThat(cgroup.holdsProcsFile()).isFalse();
        assertThat(cgroup.holdsEventsFile()).isFalse();
    }

    @Test
    void aCgroupRemovedAndMadeAgainBehindTheRunsBackStillTakesTheNextMoveAndReadsRight() throws Exception {
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Path events = procs.resolveSibling("cgroup.events");
        Process first = launchInto(procs, "sleep", "300");
        assertThat(CgroupTree.at(procs.getParent()).isPopulated()).isTrue();
        first.destroyForcibly().waitFor();
        // another program removes the emptied cgroup and makes one of the same name: the descriptors held on the
        // first one's files are stale
        Files.delete(procs.getParent());
        Files.createDirectory(procs.getParent());
        assertThat(CgroupTree.at(procs.getParent()).isPopulated()).isFalse();

        Process second = launchInto(procs, "sleep", "300");
        assertThat(CgroupTree.at(procs.getParent()).isPopulated()).isTrue();
        assertThat(CgroupTree.at(procs.getParent()).pids()).containsExactly(second.pid());
        assertThat(OpenFiles.countOn(procs)).isEqualTo(1);
        assertThat(OpenFiles.countOn(events)).isEqualTo(1);
    }


    private Process launchInto(Path procs, String... command) throws Exception {
        // started outside, then moved in, as the launcher does for a program that is not a shell script
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        Containment.join(process.pid(), procs);
        return process;
    }
}
