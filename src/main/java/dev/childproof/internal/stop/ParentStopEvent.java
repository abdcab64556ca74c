package dev.childproof.internal.stop;

import dev.childproof.StopEvent;
import dev.childproof.internal.Timeouts;
import dev.childproof.internal.os.OperatingSystem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The test side of a stop event, possibly shared by several processes. Setting it creates the stop file (which
 * every child sees through {@code CHILDPROOF_STOP_FILE}) and then runs each attached process's delivery (a
 * signal, closing stdin, a line), once. A child that sets the event creates the stop file itself: {@link #isSet()}
 * and the waits see it there (a wait checks the file every {@link #FILE_CHECK_MILLIS} ms), while the deliveries run
 * only when this side sets the event.
 */
public final class ParentStopEvent implements StopEvent, AutoCloseable {

    /** How often a wait looks for a stop file a child created. */
    static final long FILE_CHECK_MILLIS = 10;

    /** What setting the event does to one process, beyond the stop file. */
    @FunctionalInterface
    public interface Delivery {
        /** Delivers the stop request. */
        void deliver();
    }

    private final String name;
    private final Path stopFile;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Runnable> marks = new CopyOnWriteArrayList<>();
    private final CountDownLatch set = new CountDownLatch(1);
    /** Whether the stop file was seen, made by a child; once seen, the event stays set though the file goes. */
    private volatile boolean setByAChild;
    /**
     * Whether the stop file's path was handed out ({@link #stopFile()}): until then no child knows where to make
     * it, so {@link #isSet()} does not look for it (a launch asks before it hands the path to its child: a
     * {@code stat} of a missing file per process, BENCHMARKS.md, twenty-fifth session).
     */
    private volatile boolean handedOut;

    /**
     * Creates an event with a fresh stop file path in the run's private directory.
     *
     * @param name the event's name, for messages
     */
    public ParentStopEvent(String name) {
        this.name = name;
        this.stopFile = RunDirectory.instance().newFile("stop");
    }

    /**
     * The path given to children as {@code CHILDPROOF_STOP_FILE}; from now on a file made there sets the event.
     *
     * @return the stop file's path
     */
    public Path stopFile() {
        handedOut = true;
        return stopFile;
    }

    /**
     * Attaches what must happen before the stop file appears (recording the request), so that a child that notices
     * the file at once is never seen exiting before its request was recorded. Runs under the event's lock: keep it
     * short and never wait in it.
     */
    public void attachMark(Runnable mark) {
        marks.add(mark);
    }

    /**
     * Attaches a process; if the event is already set, its delivery runs at once. Each delivery runs once, even when
     * the event is set while it is being attached.
     */
    public void attach(Delivery delivery) {
        Delivery once = once(delivery);
        deliveries.add(once);
        if (set.getCount() == 0) {
            once.deliver();
        }
    }

    private static Delivery once(Delivery delivery) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                delivery.deliver();
            }
        };
    }

    @Override
    public void set() {
        IOException failure;
        synchronized (this) {
            if (set.getCount() == 0) {
                return;
            }
            marks.forEach(Runnable::run);
            failure = createStopFile();
            set.countDown();
        }
        for (Delivery delivery : deliveries) {
            delivery.deliver(); // signals and stdin deliveries go out even when the file could not be made
        }
        if (failure != null) {
            throw new IllegalStateException("Cannot create the stop file " + stopFile + " of stop event [" + name
                    + "]: " + failure.getMessage(), failure);
        }
    }

    /**
     * Makes the stop file: as a hard link of the run directory's empty file ({@link RunDirectory#link}: no descriptor,
     * no new inode); where that cannot be, as a new file, making the run's directory again if something removed it,
     * and with a descriptor held in reserve if this JVM has no other ({@link OperatingSystem#openSparingly}: a test
     * that used them all up still gets its processes' graceful stop, where they would otherwise wait out their stop
     * timeout). Returns the failure, or null.
     */
    private IOException createStopFile() {
        if (RunDirectory.instance().link(stopFile)) {
            return null;
        }
        // java.io.File: one open with O_EXCL, through fewer methods than Files.createFile; false when a child set the
        // event itself
        Callable<Boolean> create = () -> stopFile.toFile().createNewFile();
        try {
            OperatingSystem.current().openGuarded(create); // the reserve only once the directory is known to be there
            return null;
        } catch (IOException e) {
            try {
                RunDirectory.instance().restore();
                OperatingSystem.current().openSparingly(create);
                return null;
            } catch (IOException again) {
                return again;
            }
        }
    }

    /** Set here, or by a child: its stop file exists, or existed when last looked at. */
    @Override
    public boolean isSet() {
        return set.getCount() == 0 || setByAChild();
    }

    private boolean setByAChild() {
        if (!setByAChild && handedOut && stopFile.toFile().exists()) {
            setByAChild = true;
        }
        return setByAChild;
    }

    @Override
    public void await() throws InterruptedException {
        while (!set.await(FILE_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            if (setByAChild()) {
                return;
            }
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Timeouts.nanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            if (set.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(FILE_CHECK_MILLIS)), TimeUnit.NANOSECONDS)
                    || setByAChild()) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
        }
    }

    /** Removes the stop file; the event stays set for whoever holds it. */
    @Override
    public void close() {
        // false when already gone; the run directory is removed at exit anyway
        stopFile.toFile().delete();
    }

    @Override
    public String toString() {
        return "StopEvent[" + name + (isSet() ? ", set]" : ", not set]");
    }
}
