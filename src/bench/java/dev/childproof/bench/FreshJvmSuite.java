package dev.childproof.bench;

import java.io.IOException;
import java.util.Map;

/**
 * The 500-test suite of {@link SuiteBenchmark} as a test run meets it: the first suite of a fresh JVM, whose JIT has
 * compiled nothing of JUnit's, the extension's or the JDK's process code yet. Each sample starts a JVM (this one's
 * {@code java} and class path) that runs one suite and prints how long the suite took, the JVM's own start and exit
 * left out; the hand-written suite, the thinnest extension's ({@link ThinExtension}) and Childproof's alternate.
 */
final class FreshJvmSuite {

    private static final String BASELINE = "hand-written ProcessBuilder";
    private static final String FIGURE = "suite of " + SuiteBenchmark.TESTS + " tests, each spawns and stops"
            + " `sleep 30`, parallel on (wall time), the first suite of a fresh JVM";

    private FreshJvmSuite() {
    }

    /**
     * Runs one suite, {@code extension}, {@code thin} (the thinnest extension) or {@code hand-written}, and prints its
     * wall time in nanoseconds.
     */
    public static void main(String[] args) {
        Class<?> suite = args[0].equals("extension") ? SuiteBenchmark.ExtensionSuite.class
                : args[0].equals("thin") ? SuiteBenchmark.ThinExtensionSuite.class
                : SuiteBenchmark.HandWrittenSuite.class;
        System.out.println(SuiteBenchmark.suite(suite, Map.of()));
        System.exit(0);
    }

    static void run(Table table, int rounds) throws Exception {
        Map<String, Stats> stats = new Interleaved()
                .add(BASELINE, () -> inFreshJvm("hand-written"))
                .add(SuiteBenchmark.THIN, () -> inFreshJvm("thin"))
                .add("Childproof", () -> inFreshJvm("extension"))
                .measure(0, rounds);
        double baseline = stats.get(BASELINE).median();
        stats.forEach((variant, s) -> table.add(new Row(FIGURE, variant, s, baseline, variant.equals(BASELINE)
                ? "baseline" : variant.equals(SuiteBenchmark.THIN) ? "no guarantee: a JUnit extension's own cost"
                : "what a test run meets: nothing compiled yet")));
    }

    private static long inFreshJvm(String which) throws IOException, InterruptedException {
        return FreshJvm.run(FreshJvmSuite.class, which)[0];
    }
}
