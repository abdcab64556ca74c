package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("A pattern that cannot be matched against a line fails the waiter, not the draining")
class PatternFailureTests {

    /** A line of 50 000 bytes, then the line waited for, then 5 000 more lines, then {@code alive}. */
    static final String LONG_LINE_THEN_MORE = "head -c 50000 /dev/zero | tr '\\0' a; echo; echo Started; i=0;"
            + " while [ $i -lt 5000 ]; do echo more line $i; i=$((i+1)); done; echo alive; exec sleep 60";

    /** Backtracks once per character: a StackOverflowError on the long line. */
    static final String OVERFLOWING = "(.|\\s)*Started";

    @Test
    void readyWhenFailsAtOnceSayingWhyAndTheChildIsStillDrained() {
        ChildproofTestKit.executeTestClass(ReadyWhenTestCase.class).hasTests(1, 0);
    }

    @Test
    void awaitLineFailsSayingWhyAndTheChildIsStillDrained() {
        ChildproofTestKit.executeTestClass(AwaitLineTestCase.class).hasTests(1, 0);
    }

    @Childproof
    static class ReadyWhenTestCase {
        @Test
        void failsFast(ProcessSpawner spawner) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> spawner.command("sh", "-c", LONG_LINE_THEN_MORE).name("server")
                    .readyWhen(OVERFLOWING).readyTimeout(Duration.ofSeconds(20)).spawn())
                    .isInstanceOf(ProcessNotReadyException.class)
                    .hasMessageStartingWith("The pattern /" + OVERFLOWING + "/ could not be matched against a line"
                            + " of process [server] (java.lang.StackOverflowError)")
                    .hasCauseInstanceOf(StackOverflowError.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    static class AwaitLineTestCase {
        @Test
        void failsAndDrainingGoesOn(@SpawnedProcess(command = {"sh", "-c", "read x; " + LONG_LINE_THEN_MORE})
                ChildProcess server) {
            CompletableFuture<Throwable> waited = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    server.awaitLine(OVERFLOWING, Duration.ofSeconds(20));
                    waited.complete(null);
                } catch (Throwable e) {
                    waited.complete(e);
                }
            }, "awaitLine waiter");
            waiter.start();
            // the watch listens before the long line comes, so the drainer is the one that matches it (this test's
            // own waiter: a thread of a test running in parallel may be waiting in an awaitLine too)
            await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING
                    && Arrays.stream(waiter.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitLine")));
            server.sendLine("go");
            assertThat(waited.join()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The pattern /" + OVERFLOWING + "/ could not be matched against a line"
                            + " of process [server]");
            assertThat(server.awaitLine("^alive$", Duration.ofSeconds(20))).isEqualTo("alive");
            assertThat(server.isAlive()).isTrue();
            assertThat(server.output().stdoutLines()).contains("Started", "more line 4999");
        }
    }
}
