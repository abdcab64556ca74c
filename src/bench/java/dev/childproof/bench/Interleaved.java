package dev.childproof.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * How a warm-up until the JIT settled went.
     *
     * @param rounds the rounds it ran (each variant once a round)
     * @param duration how long it took
     * @param settled whether the JIT settled before the cap
     */
    record Settling(int rounds, Duration duration, boolean settled) {

        /** The warm-up as a table's note says it. */
        String describe() {
            return String.format(Locale.ROOT, "after %d rounds (%d s) of warm-up%s", rounds, duration.toSeconds(),
                    settled ? ", once the JIT compiled for under " + SETTLED_PERCENT + " % of two blocks' time in a row"
                            : ", the JIT still compiling at the cap");
        }
    }

    /** A block of rounds is settled when the JIT compiled for less than this share of its wall time. */
    static final int SETTLED_PERCENT = 1;

    private final Random random = new Random(42);

    /**
     * Runs rounds of every variant, unmeasured, until the JIT has settled: two blocks of {@code blockRounds} rounds
     * in a row in which the compiler threads worked for less than {@value #SETTLED_PERCENT} % of the block's wall
     * time (JMH's steady state, reached by waiting for it rather than by a fixed count), or until {@code cap} has
     * passed. Without a JIT time to read (a JVM that does not report it), runs {@code blockRounds} rounds.
     */
    Settling warmUntilSettled(int blockRounds, Duration cap) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        int rounds = 0;
        int quietBlocks = 0;
        while (quietBlocks < 2 && System.nanoTime() - start < cap.toNanos()) {
            long compiledBefore = timed ? jit.getTotalCompilationTime() : 0;
            long blockStart = System.nanoTime();
            run(blockRounds, null);
            rounds += blockRounds;
            if (!timed) {
                return new Settling(rounds, Duration.ofNanos(System.nanoTime() - start), false);
            }
            long compiledMillis = jit.getTotalCompilationTime() - compiledBefore;
            long blockMillis = (System.nanoTime() - blockStart) / 1_000_000;
            quietBlocks = compiledMillis * 100 < blockMillis * SETTLED_PERCENT ? quietBlocks + 1 : 0;
        }
        return new Settling(rounds, Duration.ofNanos(System.nanoTime() - start), quietBlocks >= 2);
    }

    Map<String, Stats> measure(int warmup, int rounds) throws Exception {
        run(warmup, null);
        Map<String, long[]> samples = new LinkedHashMap<>();
        variants.keySet().forEach(name -> samples.put(name, new long[rounds]));
        run(rounds, samples);
        Map<String, Stats> stats = new LinkedHashMap<>();
        samples.forEach((name, values) -> stats.put(name, new Stats(values)));
        return stats;
    }

    /** Runs rounds of every variant, each round in a shuffled order; keeps the samples where asked. */
    private void run(int rounds, Map<String, long[]> samples) throws Exception {
        List<String> order = new ArrayList<>(variants.keySet());
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, random);
            for (String name : order) {
                long nanos = variants.get(name).run();
                if (samples != null) {
                    samples.get(name)[round] = nanos;
                }
            }
        }
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
