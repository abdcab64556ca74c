package dev.childproof.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The CPU this JVM and the children it has reaped have used so far: the JVM's from its
 * {@code OperatingSystemMXBean} (every thread, the JIT's and the collector's included), the children's from
 * {@code cutime} and {@code cstime} in {@code /proc/self/stat} (10 ms ticks; 0 where there is no such file). On 2
 * cores a suite of tests that keeps them busy takes about half its CPU in wall time (BENCHMARKS.md, twenty-eighth
 * session), so this measures what a suite costs with less of the noise of a shared machine than its wall time.
 */
final class ProcessCpu {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** The JVM's CPU and its reaped children's so far, in nanoseconds. */
    static long nanos() {
        return jvmNanos() + childrenTicks() * NANOS_PER_TICK;
    }

    /** The JVM's CPU so far, in nanoseconds; -1 where the JVM does not report it. */
    static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU ticks (10 ms) of the children reaped so far ({@code cutime} + {@code cstime}); 0 without {@code /proc}. */
    static long childrenTicks() {
        String stat;
        try {
            stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return 0;
        }
        return statField(stat, 13) + statField(stat, 14); // cutime, cstime
    }

    /** A field of a {@code /proc} stat line, counted from the one after the command name (0 is the state). */
    static long statField(String stat, int field) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[field]);
    }
}
