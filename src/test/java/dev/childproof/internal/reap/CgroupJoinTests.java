package dev.childproof.internal.reap;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.fixtures.AwaitsStopEvent;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How a launched process gets into its cgroup: a shell script joins as its first act (its command line says so);
 * any other program is moved in before {@code start()} returns, so the test already sees it inside.
 */
@DisplayName("Cleanup: every launched process is in a cgroup of its own before the test sees it")
class CgroupJoinTests {

    private static final Path PROCS = Paths.get("/sys/fs/cgroup/run/p7/cgroup.procs");

    @Test
    void aShellScriptJoinsAsItsFirstActInTheSameProcess() {
        assertThat(Containment.joinFirst(List.of("/bin/sh", "-c", "exec sleep 1", "arg0", "x"), PROCS)).contains(
                List.of("/bin/sh", "-c", "{ echo $$ > '/sys/fs/cgroup/run/p7/cgroup.procs'; } 2>/dev/null; exec sleep 1",
                        "arg0", "x"));
        assertThat(Containment.joinFirst(List.of("bash", "-c", "true"), PROCS)).isPresent();
    }

    @Test
    void anyOtherCommandLineIsLeftAsItIs() {
        assertThat(Containment.joinFirst(List.of("sleep", "1"), PROCS)).isEmpty();
        assertThat(Containment.joinFirst(List.of("sh", "script.sh"), PROCS)).isEmpty();
        assertThat(Containment.joinFirst(List.of("python3", "-c", "print(1)"), PROCS)).isEmpty();
        assertThat(Containment.joinFirst(List.of("sh", "-c", "true"), Paths.get("/odd'path/cgroup.procs")))
                .isEmpty();
    }

    @Test
    void aCommandAJavaMainAndAShellScriptAreEachInTheirOwnCgroupWhenTheTestStarts() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        ContainedTestCase.cgroups.clear();
        ChildproofTestKit.executeTestClass(ContainedTestCase.class).hasTests(1, 0);

        String run = Containment.instance().runDirectory().orElseThrow().getFileName().toString();
        assertThat(ContainedTestCase.cgroups).hasSize(3).allSatisfy(cgroup -> assertThat(cgroup)
                .matches("0::.*/" + java.util.regex.Pattern.quote(run) + "/p\\d+"));
        assertThat(ContainedTestCase.cgroups).doesNotHaveDuplicates();
    }

    static class ContainedTestCase {
        static final List<String> cgroups = new CopyOnWriteArrayList<>();

        @SpawnedProcess(command = {"sleep", "300"})
        ChildProcess command;

        @SpawnedProcess(main = AwaitsStopEvent.class)
        ChildProcess java;

        @SpawnedProcess(command = {"sh", "-c", "echo started; exec sleep 300"}, readyWhen = "^started$")
        ChildProcess script;

        @Test
        void look() throws Exception {
            for (ChildProcess process : List.of(command, java, script)) {
                cgroups.add(cgroupOf(process.pid()).orElse("none"));
            }
        }

        private static Optional<String> cgroupOf(long pid) throws Exception {
            return Files.readAllLines(Paths.get("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(line -> line.startsWith("0::")).findFirst();
        }
    }
}
