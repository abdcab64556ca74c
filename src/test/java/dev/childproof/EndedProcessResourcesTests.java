package dev.childproof;

import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.OpenFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A test that runs many processes one after the other: what each one held in the test JVM (its log file, its
 * cgroup and the two files of it kept open) is let go once it has ended, not when the test ends. A loop of thousands
 * held files open for each until then, and each later launch's {@code jspawnhelper} closed them all again.
 */
@DisplayName("Resources: a process that ended holds no log file or cgroup of its own while its test runs on")
@EnabledOnOs(OS.LINUX)
class EndedProcessResourcesTests {

    @Test
    void aProcessWhoseStreamsEndedHoldsNoFileOpenForItsLog() {
        ChildproofTestKit.executeTestClass(WritersOneAfterTheOtherTestCase.class).hasTests(1, 0);
    }

    @Test
    void aStoppedProcessHandsItsCgroupBackForTheNextLaunch() {
        assumeThat(Containment.instance().isOn()).as("cgroup2 is writable here").isTrue();
        ChildproofTestKit.executeTestClass(SleepersOneAfterTheOtherTestCase.class).hasTests(1, 0);
    }

    /** Each writes a line and exits. */
    @Childproof
    static class WritersOneAfterTheOtherTestCase {
        @Test
        void writeOneAfterTheOther(ProcessSpawner spawner) throws Exception {
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ChildProcess writer = spawner.command("sh", "-c", "echo line " + i).name("writer-" + i).spawn();
                assertThat(writer.join().code()).isZero();
                logs.add(writer.output().logFile().toAbsolutePath());
            }
            await("the ended processes' logs closed").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(OpenFiles.ofThisJvm()).doesNotContainAnyElementsOf(logs));
            for (int i = 0; i < logs.size(); i++) {
                assertThat(Files.readAllLines(logs.get(i))).containsExactly("[out] line " + i);
            }
        }
    }

    /**
     * Each is a program the test JVM moves into its cgroup (not a shell script, which joins by itself). Its cgroup
     * is handed back once it has ended, for the next launch, and so are the two files of it the test JVM keeps open.
     */
    @Childproof
    static class SleepersOneAfterTheOtherTestCase {
        @Test
        void stopOneAfterTheOther(ProcessSpawner spawner) {
            for (int i = 0; i < 20; i++) {
                ChildProcess sleeper = spawner.command("sleep", "30").name("sleeper-" + i).spawn();
                String cookie = ((ManagedProcess) sleeper).cookie();
                assertThat(Containment.instance().cgroupOf(cookie)).as("sleeper %d's cgroup while it runs", i)
                        .isPresent();
                assertThat(sleeper.stop().wasKilledBy(Signal.SIGTERM)).as("sleeper %d's exit", i).isTrue();
                await("sleeper " + i + "'s cgroup handed back").atMost(Duration.ofSeconds(30))
                        .until(() -> Containment.instance().cgroupOf(cookie).isEmpty());
            }
        }
    }
}
