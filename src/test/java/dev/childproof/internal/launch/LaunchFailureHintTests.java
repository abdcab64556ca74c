package dev.childproof.internal.launch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints by the system's error, as the JDK words them; the process limit is met for real in
 * {@code LaunchAtTheProcessLimitTests}.
 */
@DisplayName("Launch failure hints: what to do, by the error the system gave")
class LaunchFailureHintTests {

    @Test
    void aDescriptorLimitAndMemoryGetTheirHintsAndTheJdksAdviceIsLeftOut() {
        assertThat(LaunchFailureHint.describe(new IOException("Cannot run program \"sleep\": error=24, Too many open"
                + " files"))).isEqualTo("Cannot run program \"sleep\": error=24, Too many open files; the test JVM has"
                + " no file descriptor left (ulimit -n), so raise the limit or close what the test keeps open");
        assertThat(LaunchFailureHint.describe(new IOException("Cannot run program \"sleep\": posix_spawn failed,"
                + " error: 12 (Cannot allocate memory) \nPossible reasons:\n  - Spawn helper ran into JDK version"
                + " mismatch"))).isEqualTo("Cannot run program \"sleep\": posix_spawn failed, error: 12 (Cannot"
                + " allocate memory); the system has no memory for another process, so free some or launch fewer"
                + " processes at once");
    }

    @Test
    void argumentsTooLongGetTheirHint() {
        assertThat(LaunchFailureHint.describe(new IOException("Cannot run program \"true\": error=7, Argument list"
                + " too long"))).isEqualTo("Cannot run program \"true\": error=7, Argument list too long; the system"
                + " takes no argument or environment entry over 128 KiB (Linux), nor more than getconf ARG_MAX of"
                + " them together, so pass large data through a file or standard input");
    }

    @Test
    void anyOtherFailureIsTheJdksMessageWhole() {
        String notFound = "Cannot run program \"nope\": error=2, No such file or directory";
        assertThat(LaunchFailureHint.describe(new IOException(notFound))).isEqualTo(notFound);
    }
}
