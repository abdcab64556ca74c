package dev.childproof.internal.os;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The children this JVM's threads wait for now, from {@code /proc/self/task/<tid>/syscall}: the JDK's process reaper
 * blocks a thread in {@code waitpid(pid)} (the {@code wait4} system call) for every child it started, whoever
 * started it (Childproof, the test's own {@code ProcessBuilder}, the watchdog), while no thread waits for an orphan
 * the JVM adopted as a child subreaper. Linux on x86-64 and AArch64, whose system call numbers are known; elsewhere
 * nothing is known to be awaited.
 */
final class AwaitedChildren {

    private static final File TASKS = new File("/proc/self/task");
    /** {@code wait4} and {@code waitid} by architecture, or -1 where unknown. */
    private static final int WAIT4;
    private static final int WAITID;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            WAIT4 = 61;
            WAITID = 247;
        } else if (arch.equals("aarch64")) {
            WAIT4 = 260;
            WAITID = 95;
        } else {
            WAIT4 = -1;
            WAITID = -1;
        }
    }

    private AwaitedChildren() {
    }

    /** Whether the system call numbers of this architecture are known. */
    static boolean isKnown() {
        return WAIT4 >= 0;
    }

    /** The pids some thread of this JVM is blocked waiting for, as one look tells; empty where unknown. */
    static Set<Long> now() {
        Set<Long> awaited = new HashSet<>();
        String[] tasks = isKnown() ? TASKS.list() : null;
        if (tasks == null) {
            return awaited;
        }
        for (String task : tasks) {
            try {
                String line = new String(KernelFile.readRecord(TASKS.toPath().resolve(task).resolve("syscall"), 128),
                        StandardCharsets.US_ASCII);
                parse(line).ifPresent(awaited::add);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return awaited;
    }

    /**
     * The pid a {@code syscall} line waits for: {@code "61 0x1f40 ..."} ({@code wait4(pid, ...)}) or
     * {@code "247 0x1 0x1f40 ..."} ({@code waitid(P_PID, pid, ...)}); empty for any other call, or a running thread.
     */
    static OptionalLong parse(String line) {
        String[] fields = line.trim().split(" ");
        try {
            int call = Integer.parseInt(fields[0]);
            if (call == WAIT4 && fields.length > 1) {
                return OptionalLong.of(Long.decode(fields[1]));
            }
            if (call == WAITID && fields.length > 2 && Long.decode(fields[1]) == 1) { // P_PID
                return OptionalLong.of(Long.decode(fields[2]));
            }
        } catch (NumberFormatException e) {
            // "running", or a field the kernel prints otherwise
        }
        return OptionalLong.empty();
    }
}
