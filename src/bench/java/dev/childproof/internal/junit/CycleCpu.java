package dev.childproof.internal.junit;

import dev.childproof.internal.launch.ProcessDeclaration;

import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU of a spawn cycle goes (a development aid, not part of the suite's table): {@code /bin/true} run
 * 2000 times raw, then as one-process scopes, twice each after a warm-up, printing wall time per cycle, the
 * JVM's CPU per cycle (every thread, including those that ended), and the CPU of the threads still alive at the
 * end, by name (the JIT's compiler threads, the JDK's process reaper, the drainers, the test thread). Run after
 * {@code ./mvnw -Pbench test-compile}:
 * {@code java -cp target/test-classes:target/classes:$(cat target/bench.cp) dev.childproof.internal.junit.CycleCpu}.
 */
public final class CycleCpu {
    static final class Holder {
        @dev.childproof.SpawnedProcess(command = "/bin/true")
        dev.childproof.ChildProcess truth;
    }

    private static final int CYCLES = 2000;

    public static void main(String[] args) throws Exception {
        com.sun.management.OperatingSystemMXBean jvm =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ProcessDeclaration declaration = ScopeCycle.declaration(Holder.class, "truth");
        Path logs = Files.createTempDirectory("cycle-cpu");
        for (int i = 0; i < CYCLES; i++) {
            cycle(false, declaration, logs);
            cycle(true, declaration, logs);
        }
        for (int round = 0; round < 2; round++) {
            for (boolean extension : new boolean[] {false, true}) {
                Map<String, Long> before = threadTicks();
                long cpu = jvm.getProcessCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < CYCLES; i++) {
                    cycle(extension, declaration, logs);
                }
                long wall = System.nanoTime() - start;
                cpu = jvm.getProcessCpuTime() - cpu;
                System.out.printf("%s: wall %.3f ms, JVM CPU %.3f ms per cycle%n", extension ? "Childproof" : "raw",
                        wall / 1e6 / CYCLES, cpu / 1e6 / CYCLES);
                threadTicks().forEach((name, ticks) -> {
                    long delta = ticks - before.getOrDefault(name, 0L);
                    if (delta > 0) {
                        System.out.printf("    %-24s %.3f ms%n", name, delta * 10.0 / CYCLES);
                    }
                });
            }
        }
    }

    private static void cycle(boolean extension, ProcessDeclaration declaration, Path logs) throws Exception {
        if (extension) {
            ScopeCycle.run(declaration, logs, process -> { }, true);
        } else {
            new ProcessBuilder("/bin/true").start().waitFor();
        }
    }

    /** CPU ticks (10 ms, USER_HZ 100) of the live threads, summed by name with digits folded. */
    private static Map<String, Long> threadTicks() throws Exception {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }
}
