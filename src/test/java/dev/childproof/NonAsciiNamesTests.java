package dev.childproof;

import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test JVM whose file names are ASCII ({@code LC_ALL=C}, as in many containers: the JDK's
 * {@code sun.jnu.encoding} follows the locale, on Java 18+ too) running a test whose method name is not: its process's
 * log directory is named so that the system can make it, and the test passes. Once, the log directory's path could
 * not be encoded and the test failed with an {@code InvalidPathException}, where README promises that a log that
 * cannot be written holds nothing up.
 */
@DisplayName("Log files: a test method with a non-ASCII name under a C locale")
@EnabledOnOs(OS.LINUX)
class NonAsciiNamesTests {

    @Test
    void aTestWithANonAsciiNamePassesUnderACLocale() {
        try (TestJvm jvm = TestJvm.runningUnder(List.of("env", "LC_ALL=C", "LANG=C"), NonAsciiTestCase.class)) {
            String summary = jvm.awaitLine("^tests succeeded (\\d+, failed \\d+)$", Duration.ofSeconds(60));
            assertThat(summary).as("the fixture's summary; its output: %s", jvm.lines()).isEqualTo("1, failed 0");
            assertThat(jvm.lines()).as("the fixture's output").contains("file names in ANSI_X3.4-1968");
        }
    }

    static class NonAsciiTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo hello"}, name = "wörker")
        ChildProcess worker;

        @Test
        void prüftDieAusgabe() {
            System.out.println("file names in " + System.getProperty("sun.jnu.encoding"));
            assertThat(worker.join(Duration.ofSeconds(10))).isPresent();
            assertThat(worker.output().lines()).containsExactly("hello");
        }
    }
}
