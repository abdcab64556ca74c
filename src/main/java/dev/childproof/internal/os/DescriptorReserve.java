package dev.childproof.internal.os;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One file descriptor held in reserve, for the stop and cleanup paths of a JVM that has used up all the others
 * (RLIMIT_NOFILE, as a test that leaks files does): without one, not a single {@code /proc/<pid>/stat} or cgroup file
 * can be opened, nor can the JDK signal a process on Java 17 (it reads that stat file first), so nothing could tell
 * a launched process still runs, let alone end it. The reserve is an open {@code /dev/null}, taken when the class is
 * initialised ({@link #hold()}, by {@link LinuxOperatingSystem}, before the first launch) and held for the
 * JVM's life.
 *
 * <p>Guarantees: {@link #lend} gives the descriptor back to the system just before its action and takes it again
 * just after, so the action's one open gets it even when every other is taken; one action at a time in this JVM
 * (a lock), so two cleanups never count on the same descriptor. Not guaranteed: another thread of the JVM that
 * opens a file in that moment may take it first; the action then fails as it would have without the reserve (it is
 * tried up to {@link #ATTEMPTS} times), and the reserve is taken again at the next lending that finds one free.
 * The path that lends uses classes of the JDK only ({@link Callable}, not an interface of ours), since a class
 * loaded from a directory needs a descriptor of its own.
 */
final class DescriptorReserve {

    /** How often an action is tried when it fails: another thread may have taken the lent descriptor. */
    static final int ATTEMPTS = 3;

    private static final String SPARE_FILE = "/dev/null";
    private static final Object LOCK = new Object();
    /** The descriptor held, or null while lent or when none could be taken. Guarded by {@link #LOCK}. */
    private static FileInputStream spare = take();

    private DescriptorReserve() {
    }

    /** Takes the reserve now, if this class was not initialised before. */
    static void hold() {
        // the class's initialisation took it
    }

    /** Whether a descriptor is held now, for tests. */
    static boolean isHeld() {
        synchronized (LOCK) {
            return spare != null;
        }
    }

    /**
     * Runs an action that opens one file (and closes it again), with the reserve's descriptor free for it.
     *
     * @return what the action returned
     * @throws IOException the action's own, when it failed every time
     */
    static <T> T lend(Callable<T> action) throws IOException {
        synchronized (LOCK) {
            IOException failure = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
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
