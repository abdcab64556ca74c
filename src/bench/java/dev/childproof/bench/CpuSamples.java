package dev.childproof.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU of every run of some {@link Interleaved} variants ({@link ProcessCpu#nanos}), kept beside their wall
 * times: {@link #timed} wraps a variant's operation, {@link #lastOf} gives the samples of its last runs, those an
 * {@code Interleaved.measure} kept after its warm-up. Not thread-safe: an {@code Interleaved} runs one variant at a
 * time.
 */
final class CpuSamples {

    private final Map<String, List<Long>> samples = new LinkedHashMap<>();

    /** The operation, recording the CPU used while it runs under {@code variant}. */
    Interleaved.Timed timed(String variant, Interleaved.Timed operation) {
        return () -> {
            long cpu = ProcessCpu.nanos();
            long nanos = operation.run();
            samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(ProcessCpu.nanos() - cpu);
            return nanos;
        };
    }

    /** The samples of the last {@code count} runs of each variant, in the order the variants first ran. */
    Map<String, Stats> lastOf(int count) {
        Map<String, Stats> last = new LinkedHashMap<>();
        samples.forEach((variant, all) -> last.put(variant, new Stats(all.subList(Math.max(0, all.size() - count),
                all.size()).stream().mapToLong(Long::longValue).toArray())));
        return last;
    }

    /** Forgets every sample, for the next measurement. */
    void clear() {
        samples.clear();
    }
}
