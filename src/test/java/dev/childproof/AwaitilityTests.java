package dev.childproof;

import dev.childproof.fixtures.ReadStdin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static dev.childproof.ChildproofAssertions.assertThat;
import static dev.childproof.ProcessState.BLOCKED;
import static dev.childproof.ProcessState.SUSPENDED;
import static dev.childproof.ProcessState.TERMINATED;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * An example, written as a user would: handle methods are cheap, side-effect-free queries, so they read naturally
 * inside Awaitility, and the AssertJ assertions take over once the process has done what we waited for.
 */
@DisplayName("Awaitility: handle methods as conditions")
class AwaitilityTests {

    @SpawnedProcess(main = ReadStdin.class)
    ChildProcess worker;

    @Test
    void waitsForTheWorkerToBlockToBeSuspendedAndToExit() throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(worker::isBlocked);

        worker.suspend();
        await().atMost(Duration.ofSeconds(30)).until(worker::state, is(SUSPENDED));
        worker.resume();
        await().atMost(Duration.ofSeconds(30)).until(worker::state, is(BLOCKED));

        worker.sendLine("hello");
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.output().lines().contains("got a line"));

        worker.stdin().close();
        await().atMost(Duration.ofSeconds(30)).until(worker::state, is(TERMINATED));
        assertThat(worker).hasExitCode(0).exitedNormally()
                .output().contains("waiting for input", "got a line", "end of input");
    }
}
