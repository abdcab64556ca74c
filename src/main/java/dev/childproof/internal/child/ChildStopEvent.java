package dev.childproof.internal.child;

import dev.childproof.StopEvent;
import dev.childproof.internal.Timeouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child side of a stop event: the event is set when the stop file ({@code CHILDPROOF_STOP_FILE}) exists.
 * Waiters block on a latch that {@link StopFileWatch} opens as soon as the file appears; nobody busy-waits.
 */
public final class ChildStopEvent implements StopEvent {

    private static volatile ChildStopEvent current;

    private final Path stopFile;
    private final CountDownLatch set = new CountDownLatch(1);

    private ChildStopEvent(Path stopFile) {
        this.stopFile = stopFile;
    }

    /**
     * The stop event of this JVM, created and watched on first use.
     *
     * @throws IllegalStateException when this JVM was not launched by Childproof, or its run has ended
     */
    public static ChildStopEvent current() {
        ChildStopEvent event = current;
        if (event == null) {
            synchronized (ChildStopEvent.class) {
                event = current;
                if (event == null) {
                    event = new ChildStopEvent(Paths.get(ChildEnvironment.require(ChildEnvironment.STOP_FILE)));
                    StopFileWatch.start(event.stopFile, event.set::countDown);
                    current = event;
                }
            }
        }
        return event;
    }

    /** Sets the event from the child itself, which every process sharing it then sees. */
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
        return set.await(Timeouts.nanos(timeout), TimeUnit.NANOSECONDS) || isSet();
    }

    @Override
    public String toString() {
        return "StopEvent[" + stopFile + (isSet() ? ", set]" : ", not set]");
    }
}
