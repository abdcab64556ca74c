package dev.childproof.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures several variants of the same operation interleaved in one JVM: each round runs every variant once, in
 * a shuffled order, so drift of a shared machine hits all variants alike.
 */
final class Interleaved {

    /** An operation that returns the nanoseconds it took (so it can exclude its own set-up). */
    @FunctionalInterface
    interface Timed {
        long run() throws Exception;
    }

    private final Map<String, Timed> variants = new LinkedHashMap<>();

    Interleaved add(String name, Timed operation) {
        variants.put(name, operation);
        return this;
    }

    Map<String, Stats> measure(int warmup, int rounds) throws Exception {
        Map<String, long[]> samples = new LinkedHashMap<>();
        variants.keySet().forEach(name -> samples.put(name, new long[rounds]));
        List<String> order = new ArrayList<>(variants.keySet());
        Random random = new Random(42);
        for (int round = -warmup; round < rounds; round++) {
            Collections.shuffle(order, random);
            for (String name : order) {
                long nanos = variants.get(name).run();
                if (round >= 0) {
                    samples.get(name)[round] = nanos;
                }
            }
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        samples.forEach((name, values) -> stats.put(name, new Stats(values)));
        return stats;
    }

    static long time(ThrowingRunnable action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
