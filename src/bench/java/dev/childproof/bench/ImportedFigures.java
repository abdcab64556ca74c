package dev.childproof.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures of the benchmarks that live as mains under {@code src/test/java/dev/childproof/bench} (output
 * throughput, tree cleanup, watchdog reaping), measured here again so that they appear in the suite's one table,
 * and the stop latency of the stop-event benchmark.
 */
final class ImportedFigures {

    private ImportedFigures() {
    }

    /** 1 GiB of 64-byte lines, and a ready line after 5 MiB: the extension against a plain redirect / read loop. */
    static void outputThroughput(Table table, int rounds) throws Exception {
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakOld = new AtomicLong();
        Map<String, Stats> flood = new Interleaved()
                .add("ProcessBuilder redirect to a file", OutputThroughputBenchmark::runDirect)
                .add("Childproof", () -> {
                    OutputThroughputBenchmark.resetPeaks();
                    long nanos = OutputThroughputBenchmark.runThroughExtension();
                    peakHeap.accumulateAndGet(OutputThroughputBenchmark.peakHeap(), Math::max);
                    peakOld.accumulateAndGet(OutputThroughputBenchmark.peakOldGeneration(), Math::max);
                    return nanos;
                })
                .measure(1, rounds);
        double baseline = flood.get("ProcessBuilder redirect to a file").median();
        String heap = "test JVM peak heap " + (peakHeap.get() >> 20) + " MiB (sum of the heap pools' peaks, old"
                + " generation " + (peakOld.get() >> 20) + " MiB; max heap " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB)";
        flood.forEach((variant, s) -> table.add(new Row("output throughput: a Java child writes 1 GiB of 64-byte"
                + " lines", variant, s, baseline, variant.equals("Childproof")
                ? "goal ≤ 1.20; drained, kept up to the bound, logged with stream marks; " + heap : "baseline")));
        Map<String, Stats> ready = new Interleaved()
                .add("plain readLine() loop", OutputThroughputBenchmark::readUntilReadyLine)
                .add("Childproof readyWhen", OutputThroughputBenchmark::runReadyThroughExtension)
                .measure(1, rounds);
        double readBaseline = ready.get("plain readLine() loop").median();
        ready.forEach((variant, s) -> table.add(new Row("ready line seen after 5 MiB of output", variant, s,
                readBaseline, variant.startsWith("Childproof") ? "whole test through JUnit vs a bare loop"
                : "baseline")));
    }

    /** Cleanup of trees of 1, 10 and 100 processes (half ignore SIGTERM), and watchdog reaping. */
    static void cleanup(Table table, int rounds) {
        Map<String, Class<?>> trees = new LinkedHashMap<>();
        trees.put("tree of 1", CleanupBenchmark.Tree1.class);
        trees.put("tree of 10", CleanupBenchmark.Tree10.class);
        trees.put("tree of 100", CleanupBenchmark.Tree100.class);
        trees.forEach((label, fixture) -> table.add(new Row("tree cleanup after the test (stop timeout 1 ms, kill"
                + " timeout 200 ms)", label, millis(CleanupBenchmark.cleanupMillis(fixture, rounds)), Double.NaN,
                "goal ≤ 450 ms (kill timeout + 250 ms)")));
        long[] reaping = new long[Math.max(1, rounds / 2)];
        for (int i = 0; i < reaping.length; i++) {
            reaping[i] = CleanupBenchmark.watchdogReaping() * 1_000_000L;
        }
        table.add(new Row("watchdog reaping: kill -9 of a test JVM → its 5-process tree gone", "Childproof watchdog",
                new Stats(reaping), Double.NaN, "goal ≤ 2000 ms"));
    }

    /** Stop latency from the stop-event benchmark, or a row saying it is not there yet. */
    @SuppressWarnings("unchecked")
    static void stopLatency(Table table, int rounds) {
        StopLatencyBenchmark.samples(rounds).forEach((variant, nanos) -> table.add(new Row("stop latency", variant,
                new Stats(nanos), Double.NaN, variant.startsWith("Java") && variant.contains("noticed")
                        ? "goal: median ≤ 2 ms" : variant.contains("polling") && variant.contains("noticed")
                        ? "goal: about the poll interval" : "")));
    }

    private static Stats millis(List<Long> millis) {
        long[] nanos = new long[millis.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = millis.get(i) * 1_000_000L;
        }
        return new Stats(nanos);
    }
}
