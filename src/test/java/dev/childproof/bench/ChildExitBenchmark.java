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
        Map<String, Stats> stats = new LinkedHashMap<>();
        samples.forEach((mode, list) -> {
            Stats s = new Stats(list.stream().mapToLong(Long::longValue).toArray());
            stats.put(mode, s);
            System.out.println(s.line(describe(mode)));
        });
        System.out.printf(Locale.ROOT, "difference with the stop event in use (median): return %+.2f ms, System.exit"
                + " %+.2f ms (limit 5 ms)%n",
                stats.get("api-return").medianMillis() - stats.get("return").medianMillis(),
                stats.get("api-exit").medianMillis() - stats.get("exit").medianMillis());
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
