package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop line written to a child that closed its standard input fails with a broken pipe only when no process holds
 * the pipe's reading end any more, and launches on other threads of this JVM can make one hold it (the JDK does
 * not make its pipes close-on-exec; which process held it was not traced): with three threads launching
 * {@code /bin/true} beside it, 120 of 300 such writes through plain {@code ProcessBuilder} succeeded into the pipe
 * here, none of 300 without them; CI's run of 59eda7f, beside the torture test, saw the line written and nothing
 * said. Hence alone in its JVM.
 */
@Isolated("a launch on another thread can hold the child's input pipe open, and the stop line's write then succeeds")
@DisplayName("Stop events: a stop line the child cannot read")
class StopLineToClosedInputTests {

    @Test
    void aStopLineTheChildCannotReadIsSaidOnTheTimelineAndTheLadderGoesOn() {
        ChildproofTestKit.executeTestClass(ClosedInputTestCase.class).hasTests(1, 0);
    }

    static class ClosedInputTestCase {
        @Test
        void stop(@SpawnedProcess(command = {"sh", "-c", "exec 0<&-; echo ready; exec sleep 60"}, readyWhen = "ready",
                stopMethod = StopMethod.STDIN_LINE, stopTimeout = "500ms", killTimeout = "5s") ChildProcess child) {
            child.stopEvent().set();
            // said by the thread that tries the write, before the process has exited: here nothing ends it until
            // stop() below (a stop() at once had its SIGTERM, 500 ms on, come first once on a loaded CI machine, and
            // a failure after the exit is not said)
            await().atMost(StopEventTests.GENEROUS).untilAsserted(() -> assertThat(child.timeline().events())
                    .extracting(TimelineEvent::description)
                    .contains("stop requested (STDIN_LINE)", "STDIN_LINE not written to standard input (Broken pipe)"));
            assertThat(child.stop()).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(child.endedBy()).contains(StopRung.SIGTERM);
            assertThat(child.timeline().events()).extracting(TimelineEvent::description).containsSubsequence(
                    "stop requested (STDIN_LINE)", "STDIN_LINE not written to standard input (Broken pipe)",
                    "SIGTERM sent to the tree");
        }
    }
}
