package dev.childproof;

import dev.childproof.fixtures.IsolatedJUnitRun;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("AssertJ and Awaitility are optional")
class OptionalDependenciesTests {

    @Test
    void aClassPathWithoutAssertJAndAwaitilityUsesTheExtensionWithoutNoClassDefFoundError() {
        ChildproofTestKit.executeTestClass(IsolatedRunTestCase.class).hasTests(1, 0);
    }

    /**
     * Hamcrest is Awaitility's dependency and is removed with it, except under the JUnit Platform Console Launcher,
     * whose standalone jar bundles JUnit 4's Hamcrest with the JUnit classes themselves.
     */
    static String hamcrestLine() {
        try {
            Class.forName("org.junit.platform.console.ConsoleLauncher");
            return "org.hamcrest.Matcher: present";
        } catch (ClassNotFoundException e) {
            return "org.hamcrest.Matcher: absent";
        }
    }

    static class IsolatedRunTestCase {
        /** Runs the extension itself, so it gets the flag a user's Surefire JVM gets for the Java 22+ layer. */
        @SpawnedProcess(main = IsolatedJUnitRun.class, args = "dev.childproof.fixtures.WithoutAssertJOrAwaitility",
                jvmArgs = "--enable-native-access=ALL-UNNAMED")
        ChildProcess run;

        @Test
        void runsAndPasses() {
            assertThat(run.join(Duration.ofMinutes(2))).as("the isolated run ended").isPresent();
            // without what a start-up sweep says when this run's JVM ends another run's leftover: a JVM killed by
            // a test of a Surefire fork beside this one leaves some, which the first JVM to open a session ends
            List<String> lines = run.output().lines().stream()
                    .filter(line -> !line.startsWith("childproof: ended pid ")).toList();
            assertThat(run.output().text()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
            assertThat(lines.get(0)).startsWith("removed: ").contains("assertj-core", "awaitility", "hamcrest");
            assertThat(lines.subList(1, lines.size())).hasSize(9).startsWith(
                    "org.assertj.core.api.Assertions: absent",
                    "org.awaitility.Awaitility: absent",
                    hamcrestLine(),
                    "PASS a_launchesAJavaChildAndStopsItByItsStopEvent()",
                    "PASS b_decodesExitCodesAndSignals(ChildProcess, ChildProcess)",
                    "PASS c_launchesJavaChildrenWithTheSameClassPath(ChildProcess)")
                    .endsWith(
                    "PASS e_suspendsAndResumes(ChildProcess)",
                    "summary: 4 passed, 1 failed");
            assertThat(lines.get(7)).matches("FAIL d_reportsAMissedStopsWithinDeadline\\(ChildProcess\\):"
                    + " java\\.lang\\.AssertionError: @StopsWithin\\(200ms\\) missed by process \\[deaf\\]"
                    + " \\(pid \\d+\\): it did not stop on its own within 200ms of its stop request and was ended by"
                    + " SIGTERM after \\S+; killed by SIGTERM \\(exit code 143\\)\\. \\| Timeline: \\|   \\+0ms launched"
                    + " pid \\d+ \\|   \\+\\S+ stop requested \\(EVENT\\) \\|   \\+\\S+ SIGTERM sent to the tree"
                    + " \\|   \\+\\S+ killed by SIGTERM \\(exit code 143\\) \\| Last lines: \\(none\\) \\| Log:"
                    + " \\S+/deaf\\.log");
            assertThat(run.exitStatus()).contains(ExitStatus.of(0));
        }
    }
}
