package dev.childproof.bench;

import dev.childproof.internal.junit.ScopeCycle;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code /bin/true} cycle as the first few hundred tests of a test run meet it: each sample is a JVM of its own
 * that runs {@link #PAIRS} cycles of raw {@code ProcessBuilder} and as many of the extension's, in turn from its very
 * first, and prints the median of each. Nothing else runs beside them, so nothing compiles the extension's code sooner
 * than its own cycles do: the table's first rows run the option variants in the same rounds, which share most of that
 * code and read lower for it (BENCHMARKS.md, twenty-ninth session).
 */
final class FreshJvmCycle {

    /** The cycles of each kind a fresh JVM runs: about as many launches as a suite of a few hundred tests makes. */
    static final int PAIRS = 300;

    private static final String BASELINE = "raw ProcessBuilder";
    private static final String FIGURE = SpawnCycleBenchmark.TRUE_FIGURE + ", the first " + PAIRS
            + " of a fresh JVM, no other variant beside";

    private FreshJvmCycle() {
    }

    /** Runs the pairs and prints the two medians in nanoseconds, raw first. */
    public static void main(String[] args) throws Exception {
        Path logDir = Files.createTempDirectory("childproof-fresh-cycle");
        ProcessDeclaration truth = ScopeCycle.declaration(SpawnCycleBenchmark.Holder.class, "truth");
        long[] raw = new long[PAIRS];
        long[] extension = new long[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            if (i % 2 == 0) {
                raw[i] = rawCycle();
                extension[i] = ScopeCycle.run(truth, logDir, process -> { }, true);
            } else {
                extension[i] = ScopeCycle.run(truth, logDir, process -> { }, true);
                raw[i] = rawCycle();
            }
        }
        System.out.println((long) new Stats(raw).median() + " " + (long) new Stats(extension).median());
        Files.delete(logDir); // empty: a process that writes nothing gets no log file
        System.exit(0);
    }

    private static long rawCycle() throws Exception {
        return Interleaved.time(() -> new ProcessBuilder("/bin/true").start().waitFor());
    }

    /** Runs the pairs in {@code jvms} fresh JVMs; each JVM's medians are one sample of each row. */
    static void run(Table table, int jvms) throws Exception {
        long[] raw = new long[jvms];
        long[] extension = new long[jvms];
        for (int j = 0; j < jvms; j++) {
            long[] medians = FreshJvm.run(FreshJvmCycle.class);
            raw[j] = medians[0];
            extension[j] = medians[1];
        }
        double baseline = new Stats(raw).median();
        table.add(new Row(FIGURE, BASELINE, new Stats(raw), baseline, "each sample the median of one JVM's " + PAIRS));
        table.add(new Row(FIGURE, "Childproof", new Stats(extension), baseline,
                "goal: Childproof ≤ 1.10; what a run's first tests meet, the JIT compiling"));
    }
}
