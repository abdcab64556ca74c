package dev.childproof;

import dev.childproof.fixtures.NoMain;
import dev.childproof.fixtures.StopAware;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ExpectedMessages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("ProcessSpawner")
class ProcessSpawnerTests {

    static final String STOP_LOOP = "while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.02; done; echo stopped";

    @Test
    void aParameterSpawnsAnyNumberOfProcessesAllEndedWithTheTest() {
        ManyTestCase.spawned.clear();
        var results = ChildproofTestKit.executeTestClass(ManyTestCase.class).hasTests(1, 0);
        assertThat(results.launched()).hasSize(7);
        assertThat(ManyTestCase.spawned).hasSize(7).allSatisfy(p -> assertThat(p.isTerminated()).isTrue());
    }

    @Test
    void aStaticFieldSpawnsForTheClassAndAnInstanceFieldForOneTest() {
        FieldsTestCase.perTest.clear();
        ChildproofTestKit.executeTestClass(FieldsTestCase.class).hasTests(2, 0);
        assertThat(FieldsTestCase.forTheClass.isTerminated()).isTrue();
        assertThat(FieldsTestCase.perTest).hasSize(2).allSatisfy(p -> assertThat(p.isTerminated()).isTrue());
    }

    @Test
    void aBeforeAllParameterSpawnsForTheClass() {
        ChildproofTestKit.executeTestClass(BeforeAllTestCase.class).hasTests(2, 0);
        assertThat(BeforeAllTestCase.forTheClass.isTerminated()).isTrue();
    }

    @Test
    void theBuilderTakesTheAnnotationsOptions() {
        ChildproofTestKit.executeTestClass(OptionsTestCase.class).hasTests(1, 0);
    }

    @Test
    void stopsWithinAppliesToSpawnedProcesses() {
        var results = ChildproofTestKit.executeTestClass(StopsWithinTestCase.class);
        results.hasSingleFailedTest().withMessageMatching(
                ExpectedMessages.missedStopsWithinEndedBySigterm("deaf", "200ms"));
    }

    @Test
    void optionsThatCannotWorkAreRejectedInOneSentenceBeforeLaunching() {
        var results = ChildproofTestKit.executeTestClass(MisuseTestCase.class).hasTests(1, 0);
        assertThat(results.launched()).isEmpty();
    }

    @Test
    void spawningAfterTheScopeEndedIsAnError() {
        ChildproofTestKit.executeTestClass(AfterScopeTestCase.class).hasTests(2, 0);
    }

    @Test
    void childproofAloneTurnsTheSpawnerOn() {
        ChildproofTestKit.executeTestClass(OnlySpawnerTestCase.class).hasTests(1, 0);
    }

    @Test
    void aConstructorParameterIsRejected() {
        ChildproofTestKit.executeTestClass(ConstructorTestCase.class).hasSingleFailedTest().withMessage(
                "ProcessSpawner parameter [ProcessSpawner spawner] of constructor [ConstructorTestCase] is a"
                        + " constructor parameter, whose lifetime differs between JUnit versions; declare a field of"
                        + " type ProcessSpawner or take it in the test method instead.");
    }

    static class ManyTestCase {
        static final Queue<ChildProcess> spawned = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess declared;

        @Test
        void many(ProcessSpawner spawner) {
            for (int i = 0; i < 5; i++) {
                spawned.add(spawner.command("sleep", "60").name("sleeper-" + i).spawn());
            }
            spawned.add(spawner.main(StopAware.class).args("4").spawn());
            assertThat(spawner.processes()).hasSize(6).allSatisfy(p -> assertThat(p.isAlive()).isTrue());
            assertThat(spawner.processes()).extracting(ChildProcess::name).containsExactly(
                    "sleeper-0", "sleeper-1", "sleeper-2", "sleeper-3", "sleeper-4", "StopAware");
            spawned.add(declared);
        }
    }

    @Childproof
    static class FieldsTestCase {
        static final Queue<ChildProcess> perTest = new ConcurrentLinkedQueue<>();
        static ProcessSpawner classSpawner;
        static ChildProcess forTheClass;
        ProcessSpawner testSpawner;

        @BeforeAll
        static void spawnForTheClass() {
            forTheClass = classSpawner.command("sleep", "60").spawn();
        }

        @Test
        void one() {
            check();
        }

        @Test
        void two() {
            check();
        }

        private void check() {
            assertThat(forTheClass.isAlive()).isTrue();
            assertThat(perTest).allSatisfy(p -> assertThat(p.isTerminated()).isTrue());
            perTest.add(testSpawner.command("sleep", "60").spawn());
            assertThat(testSpawner.processes()).hasSize(1);
        }
    }

    @Childproof
    static class BeforeAllTestCase {
        static ChildProcess forTheClass;

        @BeforeAll
        static void spawn(ProcessSpawner spawner) {
            forTheClass = spawner.command("sleep", "60").spawn();
        }

        @Test
        void one() {
            assertThat(forTheClass.isAlive()).isTrue();
        }

        @Test
        void two() {
            assertThat(forTheClass.isAlive()).isTrue();
        }
    }

    @Childproof
    static class OptionsTestCase {
        @TempDir
        Path dir;

        @Test
        void options(ProcessSpawner spawner) throws Exception {
            ChildProcess printer = spawner.command("sh", "-c", "echo \"$GREETING from $(pwd) $0 $1\"; sleep 60")
                    .args("first", "second").env("GREETING", "hi").env("GREETING", "hello") // the later replaces
                    .workingDir(dir).name("printer")
                    .readyWhen("hello from .*").readyTimeout(Duration.ofSeconds(30)).echo(false).outputBufferKiB(64)
                    .spawn();
            assertThat(printer.output().lines()).containsExactly("hello from " + dir.toRealPath() + " first second");

            // a relative program runs where the process runs: looked up in its working directory
            Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho ran in $(pwd)\n");
            assertThat(script.toFile().setExecutable(true)).isTrue();
            ChildProcess relative = spawner.command("./run.sh").workingDir(dir).spawn();
            assertThat(relative.join().code()).isZero();
            assertThat(relative.output().lines()).containsExactly("ran in " + dir.toRealPath());

            ChildProcess later = spawner.command("sh", "-c", STOP_LOOP).autoStart(false).spawn();
            assertThat(later.state()).isEqualTo(ProcessState.NEW);
            later.start();
            assertThat(later.isAlive()).isTrue();

            ChildProcess a = spawner.command("sh", "-c", STOP_LOOP).stopMethod(StopMethod.EVENT).stopEvent("pool")
                    .spawn();
            ChildProcess b = spawner.command("sh", "-c", STOP_LOOP).stopMethod(StopMethod.EVENT).stopEvent("pool")
                    .stopTimeout(Duration.ofSeconds(20)).killTimeout(Duration.ofSeconds(1)).spawn();
            assertThat(a.stopEvent()).isSameAs(b.stopEvent());
            a.stopEvent().set();
            assertThat(a.join(Duration.ofSeconds(30))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
            assertThat(b.join(Duration.ofSeconds(30))).hasValueSatisfying(s -> assertThat(s.code()).isZero());

            ChildProcess daemon = spawner.command("sleep", "60").daemon(true).stopMethod(StopMethod.STDIN_LINE)
                    .stopLine("bye").spawn();
            assertThat(daemon.isAlive()).isTrue();

            ChildProcess readyByFile = spawner.command("sh", "-c", "touch \"$CHILDPROOF_READY_FILE\"; sleep 60")
                    .readyFile(true).readyOnPort(0).jvmArgs().spawn();
            assertThat(readyByFile.state()).isIn(ProcessState.RUNNING, ProcessState.BLOCKED);
        }
    }

    @Childproof
    static class StopsWithinTestCase {
        @Test
        void deaf(ProcessSpawner spawner) {
            spawner.command("sleep", "60").name("deaf").stopMethod(StopMethod.EVENT)
                    .stopsWithin(Duration.ofMillis(200)).spawn();
        }
    }

    @Childproof
    static class MisuseTestCase {
        @Test
        void misuse(ProcessSpawner spawner, @TempDir Path dir) {
            assertThatThrownBy(() -> spawner.command("no-such-tool-xyz").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [no-such-tool-xyz] runs [no-such-tool-xyz], which is not an"
                            + " executable file nor found on PATH; install it or give its full path.");
            assertThatThrownBy(() -> spawner.main(NoMain.class).name("nomain").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ProcessSpawner process [nomain] names main class"
                            + " [dev.childproof.fixtures.NoMain], which ");
            assertThatThrownBy(() -> spawner.command("sleep", "1").jvmArgs("-Xmx8m").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [sleep] declares jvmArgs for a command; jvmArgs apply only"
                            + " to main targets, so move them into the command.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").readyWhen("(").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [sleep] has readyWhen [(], which is not a regular expression"
                            + " (Unclosed group near index 1); fix the pattern.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").workingDir(dir.resolve("missing")).spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ProcessSpawner process [sleep] names workingDir [" + dir.resolve("missing")
                            + "], which is not an existing directory; create it or fix the path.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").env("A=B", "c"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Environment variable name [A=B] is empty or contains =; give a name without =.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").stopTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("stopTimeout [PT-1S] is negative; give a duration of zero or more.");
            assertThatThrownBy(() -> spawner.command("sleep", "1").readyOnPort(70000))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("readyOnPort [70000] is not a TCP port; use 1 to 65535, or 0 for none.");
            assertThat(spawner.processes()).isEmpty();
        }
    }

    @Childproof
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class AfterScopeTestCase {
        static ProcessSpawner kept;

        @Test
        @Order(1)
        void keep(ProcessSpawner spawner) {
            kept = spawner;
        }

        @Test
        @Order(2)
        void useLater() {
            assertThatThrownBy(() -> kept.command("sleep", "60").spawn())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("ProcessSpawner process [sleep] cannot be spawned: the test or class this"
                            + " ProcessSpawner was injected for has ended, and its processes with it; spawn from a"
                            + " ProcessSpawner parameter or field of the test that needs the process (a static field"
                            + " for the whole class).");
        }
    }

    @Childproof
    static class OnlySpawnerTestCase {
        @Test
        void spawns(ProcessSpawner spawner) {
            List<ChildProcess> processes = new ArrayList<>();
            processes.add(spawner.command("sleep", "60").spawn());
            assertThat(processes.get(0).isAlive()).isTrue();
        }
    }

    @Childproof
    static class ConstructorTestCase {
        ConstructorTestCase(ProcessSpawner spawner) {
        }

        @Test
        void neverRuns() {
        }
    }
}
