package dev.childproof.internal.output;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Drainer threads: pooled across processes, named while they serve one, ended when idle")
class DrainerThreadsTests {

    private static final long KEEP_ALIVE_SECONDS = 10;

    @Test
    void aDrainerThreadIsNamedForItsStreamThenIdlesThenServesTheNextStreamThenEnds() throws Exception {
        // idle for longer than the JVM's pool (DrainerThreads.KEEP_ALIVE_SECONDS, 2 s): between seeing the thread
        // idle and handing it the second stream, a busy machine may keep this thread off a core for that long
        DrainerThreads threads = new DrainerThreads(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        CompletableFuture<Thread> first = new CompletableFuture<>();
        CompletableFuture<String> firstName = new CompletableFuture<>();
        threads.drain("childproof-drain-first-out", () -> {
            firstName.complete(Thread.currentThread().getName());
            first.complete(Thread.currentThread());
        });
        Thread thread = first.get(30, TimeUnit.SECONDS);
        assertThat(firstName.get()).isEqualTo("childproof-drain-first-out");
        assertThat(thread.isDaemon()).isTrue();
        // idle: renamed back and waiting for the next stream
        await().atMost(Duration.ofSeconds(30)).until(() -> thread.getName().startsWith("childproof-drain-idle-")
                && thread.getState() == Thread.State.TIMED_WAITING);

        CompletableFuture<Thread> second = new CompletableFuture<>();
        CompletableFuture<String> secondName = new CompletableFuture<>();
        threads.drain("childproof-drain-second-err", () -> {
            secondName.complete(Thread.currentThread().getName());
            second.complete(Thread.currentThread());
        });
        assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(thread);
        assertThat(secondName.get()).isEqualTo("childproof-drain-second-err");

        await().atMost(Duration.ofSeconds(KEEP_ALIVE_SECONDS + 30)).until(() -> !thread.isAlive());
    }
}
