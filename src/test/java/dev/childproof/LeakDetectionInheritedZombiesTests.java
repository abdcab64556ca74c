package dev.childproof;

import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("@DetectProcessLeaks on Java 22+ in a run that launches nothing: inherited zombies are reaped")
class LeakDetectionInheritedZombiesTests {

    @Test
    void aZombieTheJvmInheritedIsReapedThoughNothingWasLaunched() {
        assumeTrue(Runtime.version().feature() >= 22, "the JVM becomes a subreaper from Java 22 (FFM)");
        try (TestJvm jvm = TestJvm.running(OrphanThatDiesTestCase.class)) {
            String summary = jvm.awaitLine("^(tests succeeded \\d+, failed \\d+)$", Duration.ofSeconds(60));
            assertThat(summary).as("the run's summary; its lines: %s", jvm.lines())
                    .isEqualTo("tests succeeded 1, failed 0");
        }
    }

    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (Exception e) {
            return '-'; // gone
        }
    }

    /** Run in a JVM of its own that launches nothing through Childproof. */
    static class OrphanThatDiesTestCase {
        @Test
        @DetectProcessLeaks
        void orphansAGrandchildThatThenExits() throws Exception {
            Process sh = new ProcessBuilder("sh", "-c", "sleep 0.3 > /dev/null 2>&1 & echo $!").start();
            long pid;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(sh.getInputStream(),
                    StandardCharsets.UTF_8))) {
                pid = Long.parseLong(out.readLine().trim());
            }
            sh.waitFor(); // the sleep is orphaned, re-parented to this JVM, and exits on its own
            await().atMost(Duration.ofSeconds(10)).until(() -> state(pid) != 'S');
            // a zombie the JVM inherited is reaped within two looks of the watcher (100 ms apart)
            await("the inherited zombie " + pid + " to be reaped").atMost(Duration.ofSeconds(5))
                    .until(() -> state(pid) == '-');
        }
    }
}
