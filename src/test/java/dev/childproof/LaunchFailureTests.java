package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Launch failures: the message shows the command line cut as failure reports cut a long line")
class LaunchFailureTests {

    /** One argument longer than Linux's execve takes (MAX_ARG_STRLEN, 131072 bytes with its NUL). */
    static final String HUGE = "x".repeat(200_000);

    @Test
    void anArgumentTooLongForExecveFailsTheLaunchInAShortMessage() {
        ChildproofTestKit.executeTestClass(HugeArgumentTestCase.class).hasSingleFailedTest()
                .isInstanceOf(IllegalStateException.class)
                .withMessage("ProcessSpawner process [echo] could not be launched (/bin/echo start " + "x".repeat(284)
                        + "... (199716 more characters)): " + jdkRefusal());
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

    @Childproof
    static class HugeArgumentTestCase {
        @Test
        void run(ProcessSpawner spawner) {
            spawner.command("/bin/echo", "start").args(HUGE).name("echo").spawn();
        }
    }
}
