package dev.childproof.bench;

import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The 500-test suite of {@link SuiteBenchmark}, hand-written and with the extension, alternately, printing the wall
 * time and the JVM's CPU time of each run (a development aid: CPU time, unlike wall time, hardly moves with the
 * load of a shared machine), the JIT compiler threads' share of it, and the CPU of the children reaped during the
 * run ({@code jspawnhelper} and the launched commands, from {@code /proc/self/stat}), the extension's own threads' CPU
 * (its drainers and cgroup mover, {@code childproof-*}), and the whole machine's CPU over the run, busy and idle, from
 * {@code /proc/stat} (all cores: on 2 cores a suite's wall time is about half their sum, so what the busy figure
 * shows beyond the JVM and its children is another process's). Run after
 * {@code ./mvnw -Pbench test-compile}, with {@code target/benchfull.cp} written by
 * {@code ./mvnw -q -Pbench dependency:build-classpath -Dmdep.outputFile=target/benchfull.cp -Dmdep.includeScope=test}:
 * {@code java -cp target/test-classes:target/classes:$(cat target/benchfull.cp) dev.childproof.bench.SuiteCpu 6}.
 * With a second argument {@code extension} (or {@code hand-written}), only that suite runs, for a profiler:
 * BENCHMARKS.md has the {@code perf record} command line that names the JIT-compiled frames.
 */
public final class SuiteCpu {

    private SuiteCpu() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        String only = args.length > 1 ? args[1] : "";
        Class<?>[] suites = only.equals("extension") ? new Class<?>[] {SuiteBenchmark.ExtensionSuite.class}
                : only.equals("hand-written") ? new Class<?>[] {SuiteBenchmark.HandWrittenSuite.class}
                : new Class<?>[] {SuiteBenchmark.HandWrittenSuite.class, SuiteBenchmark.ExtensionSuite.class};
        for (int round = 0; round < rounds; round++) {
            for (Class<?> suite : suites) {
                long cpu = ProcessCpu.jvmNanos();
                long jit = compilerTicks();
                long children = ProcessCpu.childrenTicks();
                long own = threadTicks("(childproof-");
                long[] machine = machineTicks();
                long start = System.nanoTime();
                EngineTestKit.engine("junit-jupiter")
                        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                        .selectors(selectClass(suite)).execute();
                double wall = (System.nanoTime() - start) / 1e6;
                long[] machineAfter = machineTicks();
                System.out.printf("%-16s wall %5.0f ms, JVM CPU %5.0f ms (JIT %4d ms, childproof-* %3d ms), children's"
                        + " CPU %5d ms; machine busy %5d ms, idle %4d ms%n", suite.getSimpleName(), wall,
                        (ProcessCpu.jvmNanos() - cpu) / 1e6, (compilerTicks() - jit) * 10,
                        (threadTicks("(childproof-") - own) * 10, (ProcessCpu.childrenTicks() - children) * 10,
                        (machineAfter[0] - machine[0]) * 10, (machineAfter[1] - machine[1]) * 10);
            }
        }
    }

    /** CPU ticks (10 ms) of the JIT compiler threads alive now. */
    private static long compilerTicks() {
        return threadTicks("(C1 Compiler", "(C2 Compiler");
    }

    /**
     * CPU ticks (10 ms) of this JVM's threads alive now whose stat line contains one of the names (the kernel keeps
     * the first 15 characters of a thread's name), in one listing of the threads.
     */
    private static long threadTicks(String... names) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = readOrEmpty(task.resolve("stat"));
                for (String name : names) {
                    if (stat.contains(name)) {
                        ticks += ProcessCpu.statField(stat, 11) + ProcessCpu.statField(stat, 12);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /**
     * The machine's CPU ticks (10 ms) so far, all cores: busy (user, nice, system, irq, softirq, steal) and idle
     * (idle, iowait), from the first line of {@code /proc/stat}; zeros where it cannot be read.
     */
    private static long[] machineTicks() {
        String all = readOrEmpty(Paths.get("/proc/stat"));
        if (!all.startsWith("cpu ")) {
            return new long[2];
        }
        String[] fields = all.substring(0, all.indexOf('\n')).trim().split("\\s+");
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(fields[field]);
        }
        return new long[] {busy, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    }

    private static String readOrEmpty(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }
}
