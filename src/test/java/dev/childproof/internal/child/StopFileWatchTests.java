package dev.childproof.internal.child;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    /**
     * macOS's JDK has no native watch service: its PollingWatchService looks at the directory every 2 s (10 s before
     * Java 19), so a Java child would notice its stop event seconds late (beyond the default 5 s stop timeout on
     * Java 17). Such a service is not used; the file is polled every few milliseconds instead.
     */
    @Test
    void aWatchServiceThatOnlyPollsEveryFewSecondsIsNotUsed() throws Exception {
        assertThat(StopFileWatch.pollsSlowly(new PollingWatchService())).isTrue();
        try (WatchService own = dir.getFileSystem().newWatchService()) {
            assertThat(StopFileWatch.pollsSlowly(own)).as(own.getClass().getName()).isFalse();
        }
    }

    /** Named as the JDK's polling watch service of macOS and the BSDs; never asked anything here. */
    static final class PollingWatchService implements WatchService {
        @Override
        public void close() {
        }

        @Override
        public WatchKey poll() {
            return null;
        }

        @Override
        public WatchKey poll(long timeout, TimeUnit unit) {
            return null;
        }

        @Override
        public WatchKey take() {
            throw new UnsupportedOperationException();
        }
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
