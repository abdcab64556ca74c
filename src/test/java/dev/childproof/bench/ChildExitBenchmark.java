package dev.childproof.bench;

import dev.childproof.fixtures.ExitProbe;
import dev.childproof.internal.process.ManagedProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a Java child takes to exit once its {@code main} is done, with and without {@code StopEvent.current()}
 * in use, returning from {@code main} and calling {@code System.exit}. The child prints {@code System.nanoTime()}
 * (CLOCK_MONOTONIC on Linux, the same clock in every process) just before it ends; the figure is the time until
 * the parent sees the exit. A control child leaves a WatchService open, the ~300 ms HotSpot exit wait that the
 * stop event's shutdown hook avoids.
 *
 * <p>Run from the project root: {@code ./mvnw -q test-compile && java -cp target/test-classes:target/classes
 * dev.childproof.bench.ChildExitBenchmark [runs]} (default 30 runs of each kind).
 */
public final class ChildExitBenchmark {

    private ChildExitBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String[] modes = {"return", "api-return", "exit", "api-exit", "open-watch-return"};
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        for (String mode : modes) {
            samples.put(mode, new ArrayList<>());
        }
        measure("warm-up", 2, modes, new LinkedHashMap<>());
        measure("runs", runs, modes, samples);
        System.out.printf(Locale.ROOT, "Java child exit time (java %s), from its last line to the parent seeing the"
                + " exit:%n", System.getProperty("java.version"));
        Map<String, LatencyStats> stats = new LinkedHashMap<>();
        samples.forEach((mode, list) -> {
            LatencyStats s = new LatencyStats(list.stream().mapToLong(Long::longValue).toArray());
            stats.put(mode, s);
            System.out.println(s.line(describe(mode)));
        });
        System.out.printf(Locale.ROOT, "stop event in use minus not, median of the %d paired runs (limit 5 ms):"
                + " return %+.2f ms, System.exit %+.2f ms%n", runs, pairedMedian(samples, "api-return", "return"),
                pairedMedian(samples, "api-exit", "exit"));
        System.out.printf(Locale.ROOT, "fastest run: return %.2f / %.2f ms, System.exit %.2f / %.2f ms (without /"
                + " with the stop event)%n", min(samples, "return"), min(samples, "api-return"), min(samples, "exit"),
                min(samples, "api-exit"));
    }

    /** Each run launches every kind once, one after the other, so paired differences cancel the machine's load. */
    private static double pairedMedian(Map<String, List<Long>> samples, String with, String without) {
        List<Long> a = samples.get(with);
        List<Long> b = samples.get(without);
        long[] differences = new long[a.size()];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = a.get(i) - b.get(i);
        }
        java.util.Arrays.sort(differences);
        int n = differences.length;
        return (n % 2 == 1 ? differences[n / 2] : (differences[n / 2 - 1] + differences[n / 2]) / 2.0) / 1e6;
    }

    private static double min(Map<String, List<Long>> samples, String mode) {
        return samples.get(mode).stream().mapToLong(Long::longValue).min().orElse(0) / 1e6;
    }

    private static void measure(String phase, int runs, String[] modes, Map<String, List<Long>> samples) {
        for (int i = 0; i < runs; i++) {
            for (String mode : modes) {
                long nanos = exitNanos(mode);
                samples.computeIfAbsent(mode, m -> new ArrayList<>()).add(nanos);
            }
        }
    }

    private static long exitNanos(String mode) {
        ManagedProcess child = BenchProcesses.java("exit-" + mode, ExitProbe.class, mode);
        child.start();
        try {
            String line = child.awaitLine("exiting \\d+", Duration.ofSeconds(30));
            long stamp = Long.parseLong(line.substring("exiting ".length()));
            if (!child.awaitExit(Duration.ofSeconds(10))) {
                throw new IllegalStateException("The child did not exit: " + child);
            }
            long seen = System.nanoTime();
            if (child.exitStatus().orElseThrow().code() != 0) {
                throw new IllegalStateException("The child failed: " + child.output().lines());
            }
            return seen - stamp;
        } finally {
            BenchProcesses.end(child);
        }
    }

    private static String describe(String mode) {
        switch (mode) {
            case "return": return "return from main, no stop event";
            case "api-return": return "return from main, StopEvent.current() used";
            case "exit": return "System.exit, no stop event";
            case "api-exit": return "System.exit, StopEvent.current() used";
            default: return "control: WatchService left open, return";
        }
    }
}
