package dev.childproof.internal.output;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A log directory on a full file system, or on a read-only one: the processes still run, are drained to the end
 * (none blocks on a full pipe) and are cleaned up, and the failure is said once, in one sentence naming
 * {@code childproof.output.dir}. Both need a tmpfs of their own, so root (the suite's CI runs as root).
 */
@Isolated("takes over the JVM's one log-failure warning")
class LogFailureTests {

    @Test
    void aFullFileSystemUnderTheOutputDirIsSaidOnceAndTheProcessesAreDrainedToTheEnd(@TempDir Path tmp)
            throws Exception {
        Path full = Files.createDirectory(tmp.resolve("full"));
        try (Mount mount = Mount.tmpfs(full, "size=64k")) {
            try (OutputStream fill = Files.newOutputStream(full.resolve("filler"))) {
                byte[] block = new byte[4096];
                for (int i = 0; i < 16; i++) {
                    fill.write(block);
                }
            } catch (IOException e) {
                // full: what it is for
            }
            List<String> warnings = runFloods(full.resolve("logs"));
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).startsWith("childproof: warning: cannot write the log file " + full
                    + "/logs/").endsWith(" (No space left on device), so this run's logs may be incomplete"
                    + " (output is still read and kept in memory); set childproof.output.dir to a writable"
                    + " directory with free space.");
        }
    }

    @Test
    void aReadOnlyOutputDirIsSaidOnceAndTheProcessesAreDrainedToTheEnd(@TempDir Path tmp) throws Exception {
        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        try (Mount mount = Mount.tmpfs(readOnly, "ro")) {
            List<String> warnings = runFloods(readOnly);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).startsWith("childproof: warning: cannot write the log file " + readOnly
                    + "/").endsWith(" (Read-only file system), so this run's logs may be incomplete (output is"
                    + " still read and kept in memory); set childproof.output.dir to a writable directory with free"
                    + " space.");
        }
    }

    /** Runs two tests of two floods each (20 MB, on stdout and stderr), and returns the warnings given. */
    private static List<String> runFloods(Path outputDir) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Runnable restore = LogFailureWarning.redirect(warnings::add);
        try {
            ChildproofTestKit.executeTestClass(FloodsTestCase.class, Map.of("childproof.output.dir",
                    outputDir.toString())).hasTests(2, 0);
        } finally {
            restore.run();
        }
        return warnings;
    }

    static class FloodsTestCase {
        static final String FLOOD = "yes 0123456789012345678901234567890123456789 | head -n 500000";

        @SpawnedProcess(command = {"sh", "-c", FLOOD + "; echo done"})
        ChildProcess out;
        @SpawnedProcess(command = {"sh", "-c", FLOOD + " >&2; echo done"})
        ChildProcess err;

        @Test
        void first() {
            drainedToTheEnd();
        }

        @Test
        void second() {
            drainedToTheEnd();
        }

        private void drainedToTheEnd() {
            for (ChildProcess p : List.of(out, err)) {
                assertThat(p.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
                assertThat(p.output().stdoutLines()).endsWith("done");
            }
            assertThat(err.output().stderrLines()).hasSizeGreaterThan(1000);
        }
    }

    /** A tmpfs mounted for one test, unmounted when closed; the test is skipped where it cannot be mounted. */
    static final class Mount implements AutoCloseable {
        private final Path at;

        private Mount(Path at) {
            this.at = at;
        }

        static Mount tmpfs(Path at, String options) throws Exception {
            assumeTrue(run("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()),
                    "cannot mount a tmpfs here (not root?)");
            return new Mount(at);
        }

        @Override
        public void close() throws Exception {
            run("umount", at.toString());
        }

        private static boolean run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
    }
}
