package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.childproof.ChildproofAssertions.assertThat;

@DisplayName("ChildproofAssertions: a failure on an observed state names the process in the state it read")
class AssertionsObservedStateTests {

    @Test
    void isInStateNeverSaysTheStateItExpectedIsTheOneThatFailed() {
        ChildproofTestKit.executeTestClass(BurstyTestCase.class).hasTests(1, 0);
    }

    static class BurstyTestCase {
        /** Busy for a moment, then asleep for 5 ms, over and over: it reads RUNNING or BLOCKED by turns. */
        static final String BURSTY = "echo go; while :; do i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done;"
                + " sleep 0.005; done";

        @Test
        void messagesAgreeWithThemselves(@SpawnedProcess(command = {"sh", "-c", BURSTY}, readyWhen = "go")
                ChildProcess bursty) {
            List<String> contradicting = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            for (int n = 0; n < 600 && System.nanoTime() < end; n++) {
                for (ProcessState expected : new ProcessState[] {ProcessState.BLOCKED, ProcessState.RUNNING}) {
                    try {
                        assertThat(bursty).isInState(expected);
                    } catch (AssertionError e) {
                        // "Expecting process: ChildProcess[bursty, pid N, BLOCKED] to be in state BLOCKED, but ..."
                        if (e.getMessage().contains(", " + expected + "]")) {
                            contradicting.add(e.getMessage());
                        }
                    }
                }
            }
            org.assertj.core.api.Assertions.assertThat(contradicting).as("messages that contradict themselves")
                    .isEmpty();
        }
    }
}
