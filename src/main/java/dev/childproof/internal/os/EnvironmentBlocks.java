package dev.childproof.internal.os;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a process's environment block from {@code /proc/<pid>/environ}, waiting out an exec in progress. From the
 * moment an exec replaces a process's memory until the new program's stack is set up, its {@code environ} and
 * {@code cmdline} read as empty: a median of 34 µs here, at most 463 µs (a throw-away Python loop reading
 * {@code environ} through 200 execs of {@code /bin/sleep}). A cookie sweep that read the environment of a process then
 * (a descendant exec'ing just as its test ended, or another test's launch in flight) took one carrying a cookie for one
 * without, and left it running until the run's end.
 */
final class EnvironmentBlocks {

    /** The longest wait for one exec to finish; a process still without a command line then is taken as it is. */
    static final Duration EXEC_WAIT = Duration.ofMillis(250);
    /** How often a process in the middle of an exec is looked at again. */
    private static final long LOOK_AGAIN_NANOS = 50_000;
    /** {@code PF_KTHREAD}: a kernel thread, which has neither environment nor command line. */
    private static final long KERNEL_THREAD = 0x00200000;

    private final Path proc;
    private final long execWaitNanos;

    /**
     * @param proc the {@code /proc} directory
     * @param execWait the longest wait for one exec to finish ({@link #EXEC_WAIT})
     */
    EnvironmentBlocks(Path proc, Duration execWait) {
        this.proc = proc;
        this.execWaitNanos = execWait.toNanos();
    }

    /**
     * The environment block, {@code NUL}-separated {@code NAME=value} entries, once any exec in progress is over.
     *
     * @return the block (empty for a process with no environment), or null when the process is gone or its block
     *     cannot be read (another user's)
     */
    byte[] read(long pid) {
        Path directory = proc.resolve(Long.toString(pid));
        Path environ = directory.resolve("environ");
        byte[] block = KernelFile.readIfPresent(environ, 4096);
        if (block == null || block.length > 0 || !isExecuting(directory)) {
            return block;
        }
        long deadline = System.nanoTime() + execWaitNanos;
        while (block != null && block.length == 0 && System.nanoTime() - deadline < 0
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(LOOK_AGAIN_NANOS);
            block = KernelFile.readIfPresent(environ, 4096);
        }
        return block;
    }

    /**
     * Whether a process with an empty environment is in the middle of an exec: its command line is empty too (a
     * program started with an empty environment has at least its name there), and it is neither a zombie nor a
     * kernel thread, which have neither.
     */
    private static boolean isExecuting(Path directory) {
        byte[] commandLine = KernelFile.readIfPresent(directory.resolve("cmdline"), 64);
        if (commandLine == null || commandLine.length > 0) {
            return false;
        }
        return ProcStat.read(directory.resolve("stat")).filter(stat -> stat.state() != 'Z' && stat.state() != 'X'
                && (stat.flags() & KERNEL_THREAD) == 0).isPresent();
    }
}
