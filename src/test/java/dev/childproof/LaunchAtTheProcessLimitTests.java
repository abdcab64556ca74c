package dev.childproof;

import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A launch the system refuses at a process limit: the JDK says only {@code error=11, Resource temporarily
 * unavailable}, and the failure's sentence says which limit that is and what to do. The limit is real: a test JVM of
 * its own is moved into a cgroup (version 1 pids controller) that allows no new task, after its first launch.
 */
@DisplayName("Launch failures at a process limit: the sentence says which limit and what to do")
@EnabledOnOs(OS.LINUX)
class LaunchAtTheProcessLimitTests {

    private static final Path PIDS = Paths.get("/sys/fs/cgroup/pids");

    @Test
    void aLaunchRefusedAtThePidsLimitSaysSoAndHowToGetPastIt() throws IOException {
        assumeTrue(Files.isWritable(PIDS), "a writable cgroup version 1 pids hierarchy at " + PIDS);
        Path cgroup = Files.createDirectory(PIDS.resolve("childproof-limit-test-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime()));
        try (TestJvm jvm = TestJvm.running(AtTheLimitTestCase.class)) {
            long pid = Long.parseLong(jvm.awaitLine("^limit me (\\d+)$", Duration.ofSeconds(60)));
            Files.writeString(cgroup.resolve("pids.max"), "1");
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(pid)); // every thread of it
            tell(jvm, "go");
            String failure = jvm.awaitLine("^launch failed: (.*)$", Duration.ofSeconds(60));
            Files.writeString(cgroup.resolve("pids.max"), "max");
            tell(jvm, "done");

            // the JDK's words between "program" and the error's name differ: error=11, Resource temporarily
            // unavailable (Java 17); posix_spawn failed, error: 11 (Resource temporarily unavailable) (Java 25)
            assertThat(failure).matches(Pattern.quote("ProcessSpawner process [true] could not be launched (true):"
                    + " Cannot run program \"true\": ") + ".*" + Pattern.quote("Resource temporarily unavailable")
                    + "\\)?" + Pattern.quote("; the system refused another process (a process limit was reached),"
                    + " so raise the limit (ulimit -u, pids.max) or launch fewer processes at once."));
            assertThat(jvm.awaitLine("^(tests succeeded \\d+, failed \\d+)$", Duration.ofSeconds(60)))
                    .as("the run's lines: %s", jvm.lines()).isEqualTo("tests succeeded 1, failed 0");
        } finally {
            await("the test JVM to leave " + cgroup).atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(cgroup.resolve("cgroup.procs")).isBlank());
            Files.delete(cgroup);
        }
    }

    private static void tell(TestJvm jvm, String line) throws IOException {
        OutputStream in = jvm.process().getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Run in a JVM of its own: launches once, is put at a limit, launches again. */
    @Childproof
    static class AtTheLimitTestCase {
        @Test
        void launchesAtTheLimit(ProcessSpawner spawner) throws IOException {
            spawner.command("true").spawn().join(); // what a first launch starts (the watchdog) runs by then
            BufferedReader told = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("limit me " + ProcessHandle.current().pid());
            assertThat(told.readLine()).isEqualTo("go");
            try {
                spawner.command("true").spawn();
                System.out.println("launch failed: nothing failed");
            } catch (IllegalStateException e) {
                System.out.println("launch failed: " + e.getMessage());
            }
            assertThat(told.readLine()).isEqualTo("done"); // the limit is lifted again
        }
    }
}
