package dev.childproof.internal.reap;

import dev.childproof.ChildProcess;
import dev.childproof.Childproof;
import dev.childproof.ProcessSpawner;
import dev.childproof.SpawnedProcess;
import dev.childproof.fixtures.AwaitsStopEvent;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How a launched process gets into its cgroup: a shell script joins as its first act (its command line says so);
 * any other program is moved in by the mover thread the moment {@code start()} returns ({@link CgroupMovesTests}).
 */
@DisplayName("Cleanup: every launched process is in a cgroup of its own")
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
    void aCommandAJavaMainAndAShellScriptAreEachInACgroupOfTheirOwn() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        ContainedTestCase.cgroups.clear();
        ChildproofTestKit.executeTestClass(ContainedTestCase.class).hasTests(1, 0);

        String run = Containment.instance().runDirectory().orElseThrow().getFileName().toString();
        assertThat(ContainedTestCase.cgroups).hasSize(3).allSatisfy(cgroup -> assertThat(cgroup)
                .matches("0::.*/" + java.util.regex.Pattern.quote(run) + "/p\\d+"));
        assertThat(ContainedTestCase.cgroups).doesNotHaveDuplicates();
    }

    @Test
    void aLaunchThatFailsLeavesNoCgroupBehind(@TempDir Path dir) throws Exception {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        // executable, so the declaration is accepted, but exec fails: its interpreter does not exist
        FailedLaunchTestCase.script = Files.writeString(dir.resolve("bad-interpreter"), "#!/no/such/interpreter\n");
        assertThat(FailedLaunchTestCase.script.toFile().setExecutable(true)).isTrue();
        FailedLaunchTestCase.left.clear();

        ChildproofTestKit.executeTestClass(FailedLaunchTestCase.class).hasTests(1, 0);

        assertThat(FailedLaunchTestCase.left).containsExactly("launch failed, cgroup: none");
    }

    @Childproof
    static class FailedLaunchTestCase {
        static Path script;
        static final List<String> left = new CopyOnWriteArrayList<>();

        @Test
        void launch(ProcessSpawner spawner) {
            assertThatThrownBy(() -> spawner.command(script.toString()).spawn())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not be launched");
            String cookie = ((ManagedProcess) spawner.processes().get(0)).cookie();
            left.add("launch failed, cgroup: " + Containment.instance().cgroupOf(cookie).map(c -> "left behind")
                    .orElse("none"));
        }
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
            String run = Containment.instance().runDirectory().orElseThrow().getFileName().toString();
            for (ChildProcess process : List.of(command, java, script)) {
                // the script is inside before it runs; the others once the mover's write lands (a grace period)
                await().atMost(Duration.ofSeconds(30)).until(() -> cgroupOf(process.pid()).orElse("none")
                        .contains("/" + run + "/"));
                cgroups.add(cgroupOf(process.pid()).orElse("none"));
            }
        }

        private static Optional<String> cgroupOf(long pid) throws Exception {
            return Files.readAllLines(Paths.get("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(line -> line.startsWith("0::")).findFirst();
        }
    }
}
