package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Launch failures: the message shows the command line cut as failure reports cut a long line; a busy"
        + " program is tried again")
class LaunchFailureTests {

    /** One argument longer than Linux's execve takes (MAX_ARG_STRLEN, 131072 bytes with its NUL). */
    static final String HUGE = "x".repeat(200_000);

    /** The JDK says only "error=7, Argument list too long": the sentence says which limit and what to do. */
    @Test
    void anArgumentTooLongForExecveFailsTheLaunchInAShortMessage() {
        ChildproofTestKit.executeTestClass(HugeArgumentTestCase.class).hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class)
                .withMessage("ProcessSpawner process [echo] could not be launched (/bin/echo start " + "x".repeat(284)
                        + "... (199716 more characters)): " + tooLong());
    }

    /** How a launch refused as too long ends its sentence: the JDK's first line, then what to do. */
    static String tooLong() {
        return jdkRefusal().lines().findFirst().orElseThrow().strip() + "; the system takes no argument or environment"
                + " entry over 128 KiB (Linux), nor more than getconf ARG_MAX of them together, so pass large data"
                + " through a file or standard input.";
    }

    /** What the JDK itself says of the launch (its wording differs between Java 17 and 25). */
    static String jdkRefusal() {
        try {
            new ProcessBuilder("/bin/echo", "start", HUGE).start().destroyForcibly();
            throw new AssertionError("execve took an argument of " + HUGE.length() + " bytes");
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains("Argument list too long");
            return e.getMessage();
        }
    }

    @Test
    void aScriptStillOpenForWritingIsLaunchedOnceItIsClosed() {
        ChildproofTestKit.executeTestClass(BusyScriptTestCase.class).hasTests(1, 0);
    }

    /**
     * The test holds the script it wrote open for writing, as a process forked meanwhile by another thread holds a
     * copy of the descriptor until its exec: the launch meets "Text file busy" until the writer is closed.
     */
    @Childproof
    static class BusyScriptTestCase {
        @Test
        void run(ProcessSpawner spawner, @TempDir Path dir) throws Exception {
            spawner.command("/bin/true").spawn().join(); // anything a first launch waits for is over
            Path script = dir.resolve("busy.sh");
            Thread launching = Thread.currentThread();
            try (FileOutputStream writer = new FileOutputStream(script.toFile())) {
                writer.write("#!/bin/sh\necho ran\n".getBytes(StandardCharsets.US_ASCII));
                writer.flush();
                assertThat(script.toFile().setExecutable(true)).isTrue();
                Thread closer = new Thread(() -> {
                    // once the launch waits between tries, the script is finished
                    await().atMost(Duration.ofSeconds(20)).until(() -> launching.getState()
                            == Thread.State.TIMED_WAITING);
                    try {
                        writer.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "busy-script-closer");
                closer.start();
                ChildProcess busy = spawner.command(script.toString()).name("busy").spawn();
                closer.join();
                assertThat(busy.join().code()).isZero();
                assertThat(busy.output().lines()).containsExactly("ran");
            }
        }
    }

    @Childproof
    static class HugeArgumentTestCase {
        @Test
        void run(ProcessSpawner spawner) {
            spawner.command("/bin/echo", "start").args(HUGE).name("echo").spawn();
        }
    }
}
