package dev.childproof.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every benchmark and prints one table: {@code ./mvnw -B -Pbench test-compile exec:exec}
 * ({@code -Dbench.args=--quick} for a short run).
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("--quick");
        int rounds = quick ? 50 : 300;
        Path logDir = Files.createTempDirectory("childproof-bench");
        Table table = new Table();
        System.err.println("Running benchmarks (" + (quick ? "quick" : "full") + ")...");
        if (options.contains("--all") || options.contains("--spawn")) {
            SpawnCycleBenchmark.run(table, rounds, logDir);
        }
        if (options.contains("--all") || options.contains("--java")) {
            JavaLaunchBenchmark.run(table, Math.max(10, rounds / 10), logDir);
        }
        if (options.contains("--all") || options.contains("--suite")) {
            SuiteBenchmark.run(table, quick ? 2 : 5);
        }
        System.out.println();
        System.out.println("Childproof benchmarks, " + LocalDate.now() + ": " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "), " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        System.out.println();
        table.print(System.out);
    }
}
