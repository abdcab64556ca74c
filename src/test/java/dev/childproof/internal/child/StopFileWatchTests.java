package dev.childproof.internal.child;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("StopFileWatch: notices the stop file, by notification or by polling")
class StopFileWatchTests {

    @TempDir
    Path dir;

    @Test
    void noticesTheFileThroughNotifications() throws Exception {
        noticesTheFile(StopFileWatch::start);
    }

    @Test
    void noticesTheFileByPollingWhereNotificationsAreRefused() throws Exception {
        noticesTheFile(StopFileWatch::startPolling);
    }

    @Test
    void callsBackAtOnceWhenTheFileExistsAlready() throws Exception {
        Path stopFile = Files.createFile(dir.resolve("stop"));
        AtomicInteger calls = new AtomicInteger();
        StopFileWatch.start(stopFile, calls::incrementAndGet);
        assertThat(calls).hasValue(1);
    }

    @Test
    void failsClearlyWhenTheRunDirectoryIsGone() {
        Path stale = dir.resolve("gone").resolve("stop-1");
        assertThatThrownBy(() -> StopFileWatch.start(stale, () -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("The stop file's directory " + stale.getParent() + " does not exist, so the test run that"
                        + " launched this process has ended; CHILDPROOF_STOP_FILE is stale, so launch the process"
                        + " from a test again.");
    }

    private void noticesTheFile(BiConsumer<Path, Runnable> start) throws Exception {
        Path stopFile = dir.resolve("stop");
        AtomicInteger calls = new AtomicInteger();
        start.accept(stopFile, calls::incrementAndGet);
        assertThat(calls).hasValue(0);
        Files.createFile(stopFile);
        await().atMost(Duration.ofSeconds(10)).untilAtomic(calls, org.hamcrest.Matchers.equalTo(1));
    }
}
