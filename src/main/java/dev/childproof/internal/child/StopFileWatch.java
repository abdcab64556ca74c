package dev.childproof.internal.child;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;

/**
 * Calls back once the stop file exists. A daemon thread, {@code childproof-stop-watch}, waits for file-system
 * notifications on the file's directory (inotify on Linux), so it wakes within a millisecond and never polls. Where
 * no watch service can be had (the per-user inotify limit is reached, or the JVM is already shutting down) the
 * thread checks the file every {@value #POLL_MILLIS} ms instead; so it does where the JDK's watch service only
 * polls the directory itself ({@code PollingWatchService}: macOS, the BSDs, AIX), every 2 s (10 s before Java 19),
 * which would notice a stop seconds late, beyond a default stop timeout on Java 17.
 *
 * <p>Owned by {@link ChildStopEvent}; the thread ends when the file appears or when the JVM shuts down: a shutdown
 * hook, {@code childproof-stop-release}, closes the watch service first, because HotSpot waits ~300 ms at exit for
 * any thread still blocked in native code (here the JDK's own inotify poller thread).
 */
final class StopFileWatch {

    static final long POLL_MILLIS = 10;

    private final Path stopFile;
    private final Runnable onCreated;

    private StopFileWatch(Path stopFile, Runnable onCreated) {
        this.stopFile = stopFile;
        this.onCreated = onCreated;
    }

    /**
     * Starts watching; {@code onCreated} runs (on the watch thread, or on the caller's when the file exists already)
     * once the file exists.
     */
    static void start(Path stopFile, Runnable onCreated) {
        new StopFileWatch(stopFile, onCreated).start(true);
    }

    /** As {@link #start(Path, Runnable)}, polling even where notifications are available (the fallback, for tests). */
    static void startPolling(Path stopFile, Runnable onCreated) {
        new StopFileWatch(stopFile, onCreated).start(false);
    }

    /**
     * Whether the watch service only polls the directory itself every few seconds (the JDK's
     * {@code PollingWatchService}, where the system gives no file notifications: macOS, the BSDs, AIX).
     */
    static boolean pollsSlowly(WatchService watcher) {
        return watcher.getClass().getSimpleName().equals("PollingWatchService");
    }

    private void start(boolean notifications) {
        requireDirectory();
        WatchService watcher = notifications ? register().orElse(null) : null;
        if (watcher != null && !releaseAtExit(watcher)) {
            close(watcher);
            watcher = null;
        }
        if (Files.exists(stopFile)) {
            close(watcher);
            onCreated.run();
            return;
        }
        WatchService chosen = watcher;
        Thread thread = new Thread(() -> run(chosen), "childproof-stop-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void requireDirectory() {
        Path dir = stopFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("The stop file's directory " + dir + " does not exist, so the test run"
                    + " that launched this process has ended; " + ChildEnvironment.STOP_FILE
                    + " is stale, so launch the process from a test again.");
        }
    }

    /** A watch service on the stop file's directory, or empty where the operating system refuses one. */
    private Optional<WatchService> register() {
        Path dir = stopFile.toAbsolutePath().getParent();
        try {
            WatchService watcher = stopFile.getFileSystem().newWatchService();
            if (pollsSlowly(watcher)) {
                close(watcher);
                return Optional.empty(); // polling the file every few ms is what notifications would give
            }
            try {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
                return Optional.of(watcher);
            } catch (IOException | RuntimeException e) {
                close(watcher);
                return Optional.empty();
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static boolean releaseAtExit(WatchService watcher) {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(watcher), "childproof-stop-release"));
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /**
     * Waits for notifications while it can, then polls: the watch service is closed at exit while a shutdown hook
     * of the child may still await the event (the stop may be what made it exit), and code of the child may
     * interrupt this thread; neither may leave a waiter waiting for a file that exists.
     */
    private void run(WatchService watcher) {
        if (watcher != null) {
            try {
                if (awaitNotification(watcher)) {
                    return;
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // polling takes over
            } finally {
                close(watcher);
            }
        }
        pollUntilCreated();
    }

    /** Whether the file was created; false when the directory can no longer be watched. */
    private boolean awaitNotification(WatchService watcher) throws InterruptedException {
        while (!Files.exists(stopFile)) {
            WatchKey key = watcher.take();
            key.pollEvents();
            if (!key.reset()) {
                return false;
            }
        }
        onCreated.run();
        return true;
    }

    private void pollUntilCreated() {
        while (!Files.exists(stopFile)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // this thread is the event's own: an interrupt from the child's code does not end the watch
            }
        }
        onCreated.run();
    }

    private static void close(WatchService watcher) {
        if (watcher == null) {
            return;
        }
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
