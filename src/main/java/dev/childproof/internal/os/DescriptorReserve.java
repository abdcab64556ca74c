package dev.childproof.internal.os;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One file descriptor held in reserve, for the stop and cleanup paths of a JVM that has used up all the others
 * (RLIMIT_NOFILE, as a test that leaks files does): without one, not a single {@code /proc/<pid>/stat} or cgroup file
 * can be opened, nor can the JDK signal a process on Java 17 (it reads that stat file first), so nothing could tell
 * a launched process still runs, let alone end it. The reserve is an open {@code /dev/null}, taken when the class is
 * initialised ({@link #hold()}, by {@link LinuxOperatingSystem}, before the first launch) and held for the
 * JVM's life.
 *
 * <p>Guarantees: {@link #lend} gives the descriptor back to the system just before its action and takes it again
 * just after, so the action's one open gets it even when every other is taken; one action at a time in this JVM,
 * and no open of the extension's stop and cleanup paths runs meanwhile: each is made inside {@link #guard()}, which
 * waits while a lending is on (once one has happened; before that it costs one volatile read). Without that guard,
 * the other processes' cleanups reading {@code /proc} in parallel and drainers creating their log files took the
 * lent descriptor, three attempts in a row: with a SIGTERM not tried again when the JDK found no process, that cost
 * a process its graceful stop in 3 cleanups of 160 on a loaded machine. Not guaranteed: a thread of the JVM that is
 * not the extension's (the test's, the JDK's) and opens a file in that moment may take it first; the action then
 * fails as it would have without the reserve (it is tried up to {@link #ATTEMPTS} times, 10 ms apart while none is
 * free), and the reserve is taken again at the next lending that finds one free.
 * The path that lends uses classes of the JDK only ({@link Callable}, not an interface of ours), since a class
 * loaded from a directory needs a descriptor of its own.
 */
final class DescriptorReserve {

    /** How often an action is tried when it fails: another thread may have taken the lent descriptor. */
    static final int ATTEMPTS = 3;
    /**
     * The pause before an attempt after the first when no descriptor could be taken again: a thread that took the lent
     * one for a moment gives it back. An action that failed for another reason (its file went) is tried at once.
     */
    private static final long RETRY_PAUSE_NANOS = 10_000_000;

    private static final String SPARE_FILE = "/dev/null";
    /** Written by a lending, read by the guarded opens; a thread that holds the write lock may take the read lock. */
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static final Guard UNGUARDED = () -> { };
    private static final Guard GUARDED = () -> LOCK.readLock().unlock();
    /** Whether a lending has happened in this JVM: from then on the guarded opens take the read lock. */
    private static volatile boolean lent;
    /** The descriptor held, or null while lent or when none could be taken. Guarded by {@link #LOCK}'s write lock. */
    private static FileInputStream spare = take();

    private DescriptorReserve() {
    }

    /** Takes the reserve now, if this class was not initialised before. */
    static void hold() {
        // the class's initialisation took it
    }

    /** Whether a descriptor is held now, for tests. */
    static boolean isHeld() {
        LOCK.writeLock().lock();
        try {
            return spare != null;
        } finally {
            LOCK.writeLock().unlock();
        }
    }

    /**
     * Opens of the stop and cleanup paths run inside this ({@code try (Guard ignored = DescriptorReserve.guard())}),
     * so that none takes the descriptor a lending has just given back for its own action. Free until the first
     * lending; a thread inside a guard must not lend (a read lock cannot become the write lock): the open's failure
     * is handled after the guard is closed.
     */
    static Guard guard() {
        if (!lent) {
            return UNGUARDED;
        }
        LOCK.readLock().lock();
        return GUARDED;
    }

    /** What {@link #guard()} returns: closing it lets lendings go on. */
    interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs an action that opens one file (and closes it again), with the reserve's descriptor free for it.
     *
     * @return what the action returned
     * @throws IOException the action's own, when it failed every time
     */
    static <T> T lend(Callable<T> action) throws IOException {
        lent = true; // from here on the guarded opens wait for lendings (one begun unguarded may still take this one's)
        LOCK.writeLock().lock();
        try {
            IOException failure = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (attempt > 0 && spare == null) {
                    LockSupport.parkNanos(RETRY_PAUSE_NANOS); // none free: wait for a thread that took one for a moment
                }
                release();
                try {
                    return action.call();
                } catch (IOException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    if (spare == null) {
                        spare = take();
                    }
                }
            }
            throw failure;
        } finally {
            LOCK.writeLock().unlock();
        }
    }

    private static void release() {
        if (spare != null) {
            try {
                spare.close();
            } catch (IOException e) {
                // the descriptor is gone either way
            }
            spare = null;
        }
    }

    private static FileInputStream take() {
        try {
            return new FileInputStream(SPARE_FILE);
        } catch (IOException | SecurityException e) {
            return null; // none free now, or no /dev/null: a later lending tries again
        }
    }
}
