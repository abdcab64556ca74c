package dev.childproof.internal.child;

import dev.childproof.StopEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child side of a stop event: the event is set when the stop file exists. A daemon thread, named
 * {@code childproof-stop-watch}, waits for file-system notifications on the file's directory (inotify on Linux), so
 * waiters wake within a millisecond and nobody polls. A shutdown hook closes the watch service before the JVM
 * exits: a thread left blocked in native code would make HotSpot wait ~300 ms at exit.
 */
public final class ChildStopEvent implements StopEvent {

    private static volatile ChildStopEvent current;

    private final Path stopFile;
    private final CountDownLatch set = new CountDownLatch(1);

    private ChildStopEvent(Path stopFile) {
        this.stopFile = stopFile;
    }

    /** The stop event of this JVM, created and watched on first use. */
    public static ChildStopEvent current() {
        ChildStopEvent event = current;
        if (event == null) {
            synchronized (ChildStopEvent.class) {
                event = current;
                if (event == null) {
                    event = new ChildStopEvent(Paths.get(ChildEnvironment.require(ChildEnvironment.STOP_FILE)));
                    event.watch();
                    current = event;
                }
            }
        }
        return event;
    }

    private void watch() {
        WatchService watcher;
        try {
            watcher = stopFile.getFileSystem().newWatchService();
            stopFile.toAbsolutePath().getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch the stop file " + stopFile, e);
        }
        Thread thread = new Thread(() -> awaitCreation(watcher), "childproof-stop-watch");
        thread.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> release(watcher, thread), "childproof-stop-release"));
        thread.start();
        if (Files.exists(stopFile)) {
            set.countDown();
        }
    }

    private void awaitCreation(WatchService watcher) {
        try (watcher) {
            while (set.getCount() > 0) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW || Files.exists(stopFile)) {
                        if (Files.exists(stopFile)) {
                            set.countDown();
                        }
                    }
                }
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException | IOException e) {
            // closed at exit, or interrupted: the thread ends either way
        }
    }

    private static void release(WatchService watcher, Thread thread) {
        try {
            watcher.close();
            thread.join(100);
        } catch (IOException e) {
            // nothing more to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void set() {
        try {
            Files.createFile(stopFile);
        } catch (FileAlreadyExistsException e) {
            // already set
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the stop file " + stopFile, e);
        }
        set.countDown();
    }

    @Override
    public boolean isSet() {
        if (set.getCount() == 0) {
            return true;
        }
        if (Files.exists(stopFile)) {
            set.countDown();
            return true;
        }
        return false;
    }

    @Override
    public void await() throws InterruptedException {
        set.await();
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return set.await(timeout.toNanos(), TimeUnit.NANOSECONDS) || isSet();
    }

    @Override
    public String toString() {
        return "StopEvent[" + stopFile + (isSet() ? ", set]" : ", not set]");
    }
}
