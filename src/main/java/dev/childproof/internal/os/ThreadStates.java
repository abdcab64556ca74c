package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads what a Linux process's threads are doing from {@code /proc/<pid>/task/<tid>/stat}.
 *
 * <p>A snapshot of an idle JVM is not always idle: a JVM whose every application thread waits still wakes its own
 * service threads now and then (the VM periodic task thread every 50 ms, G1's service thread, monitor deflation,
 * the VM thread), and on a busy machine a woken thread may wait several milliseconds for a CPU, runnable all the
 * while. Measured (see {@code BlockedReadingBench}): one snapshot in a hundred of a JVM blocked on
 * {@code System.in.read()} finds one of them runnable, and so do nearly one in a hundred confirmed readings at a
 * load average of 28 on two cores. So the HotSpot service threads, known by name ({@link #JVM_SERVICE_THREADS}),
 * are not counted: a JVM reads runnable only when one of its application threads is. And a reading that finds a
 * runnable thread is confirmed by up to {@value #CONFIRMATIONS} more, {@value #CONFIRM_GAP_MICROS} µs apart (for
 * other runtimes' helper threads): the process counts as runnable only when every reading found one. A spinning
 * process is runnable in every reading; a waiting one is caught idle by at least one. The cost is a few
 * milliseconds, only for runnable processes.
 */
final class ThreadStates {

    /**
     * Name prefixes of HotSpot's own threads, as {@code /proc} shows them (cut to 15 characters): the VM thread
     * and periodic task, compilers, G1/Parallel/Serial GC workers, reference handling, finalizer, cleaner, signal
     * dispatcher, service, notification and attach listener threads.
     */
    static final List<String> JVM_SERVICE_THREADS = List.of("VM Thread", "VM Periodic Tas", "Reference Handl",
            "Finalizer", "Signal Dispatch", "Service Thread", "Monitor Deflati", "C1 CompilerThre",
            "C2 CompilerThre", "Sweeper thread", "Common-Cleaner", "Notification Th", "Attach Listener", "GC Thread#",
            "G1 ");

    static final int CONFIRMATIONS = 2;
    static final long CONFIRM_GAP_MICROS = 1000;

    private ThreadStates() {
    }

    /** What the process's threads are doing, or empty when it is gone, a zombie, or unreadable. */
    static Optional<ProcessActivity> observe(Path taskDirectory) {
        Optional<ProcessActivity> first = readOnce(taskDirectory);
        for (int i = 0; i < CONFIRMATIONS && first.equals(Optional.of(ProcessActivity.RUNNABLE)); i++) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(CONFIRM_GAP_MICROS));
            Optional<ProcessActivity> again = readOnce(taskDirectory);
            if (!again.equals(first)) {
                return again;
            }
        }
        return first;
    }

    static boolean isJvmServiceThread(String threadName) {
        for (String prefix : JVM_SERVICE_THREADS) {
            if (threadName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** One snapshot of every thread's state letter. */
    static Optional<ProcessActivity> readOnce(Path taskDirectory) {
        boolean sawLive = false;
        boolean allStopped = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(taskDirectory)) {
            for (Path task : entries) {
                Optional<ProcStat> stat = ProcStat.read(task.resolve("stat"));
                if (stat.isEmpty()) {
                    continue;
                }
                char state = stat.get().state();
                if (state == 'Z' || state == 'X' || state == 'x') {
                    continue;
                }
                sawLive = true;
                if (state == 'R' && !isJvmServiceThread(stat.get().name())) {
                    return Optional.of(ProcessActivity.RUNNABLE);
                }
                if (state != 'T' && state != 't') {
                    allStopped = false;
                }
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        if (!sawLive) {
            return Optional.empty();
        }
        return Optional.of(allStopped ? ProcessActivity.STOPPED : ProcessActivity.WAITING);
    }
}
