package dev.childproof.bench;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.reap.Containment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every benchmark and prints one table: {@code ./mvnw -B -Pbench test-compile exec:exec}
 * ({@code -Dbench.args=--quick} for a short run; {@code --spawn}, {@code --java}, {@code --suite}, {@code --output},
 * {@code --cleanup}, {@code --stop} for parts; {@code --all}, the default, for everything). BENCHMARKS.md says what
 * each figure means.
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("--quick");
        boolean all = options.contains("--all") || options.stream().noneMatch(o -> o.startsWith("--") && !o.equals(
                "--quick"));
        int rounds = quick ? 50 : 300;
        Path logDir = Files.createTempDirectory("childproof-bench");
        Table table = new Table();
        String load = loadAverage();
        System.err.println("Running benchmarks (" + (quick ? "quick" : "full") + ")...");
        if (all || options.contains("--spawn")) {
            SpawnCycleBenchmark.run(table, rounds, Duration.ofSeconds(quick ? 20 : 120), logDir);
            FreshJvmCycle.run(table, quick ? 2 : 5);
        }
        if (all || options.contains("--java")) {
            JavaLaunchBenchmark.run(table, Math.max(10, rounds / 10), logDir);
        }
        if (all || options.contains("--stop")) {
            ImportedFigures.stopLatency(table, quick ? 20 : 100);
        }
        if (all || options.contains("--output")) {
            ImportedFigures.outputThroughput(table, quick ? 1 : 7);
        }
        if (all || options.contains("--cleanup")) {
            ImportedFigures.cleanup(table, quick ? 2 : 5);
        }
        if (all || options.contains("--suite")) {
            SuiteBenchmark.run(table, quick ? 2 : 5, Duration.ofSeconds(quick ? 20 : 120));
        }
        System.out.println();
        System.out.println("Childproof benchmarks, " + LocalDate.now() + ": " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "), " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "; cgroup layer "
                + (Containment.instance().isOn() ? "on (" + cgroupMountOptions() + ")" : "off") + ", subreaper "
                + (PosixCalls.instance().isAvailable() ? "on" : "off") + "; load average " + load + " at the start, "
                + loadAverage() + " at the end; " + (quick ? "quick" : "full") + " run");
        System.out.println();
        table.print(System.out);
        deleteAll(logDir);
        System.exit(0);
    }

    /** Removes the run's log directory (every benchmark cycle left its log there). */
    private static void deleteAll(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * The cgroup2 mount's options: with {@code favordynmods}, moving a process into a cgroup never waits for an RCU
     * grace period (see the sparse-launch figure). A kernel that ever had it keeps that behaviour until reboot, even
     * after a remount without it, so the option read here can understate it.
     */
    private static String cgroupMountOptions() {
        try {
            return CgroupTree.mountInfo().map(line -> {
                String[] fields = line.substring(line.indexOf(" - ") + 3).split(" ");
                boolean favoured = fields.length > 2 && fields[2].contains("favordynmods");
                return "cgroup2 " + (favoured ? "with" : "without") + " favordynmods";
            }).orElse("no cgroup2 mount");
        } catch (java.io.IOException e) {
            return "cgroup2 mount options unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII)
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
