package dev.childproof.bench;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.fixtures.Flood;
import dev.childproof.internal.launch.Launcher;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.output.OutputCapture;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A child writing 1 GiB of 64-byte lines to standard output: through the extension (drained, kept in memory up to
 * the bound, written to its log with stream marks) against the same child whose output {@link ProcessBuilder}
 * redirects straight to a file. Prints the medians, their ratio (goal: at most 1.2), the test JVM's CPU time and
 * peak heap (old generation, and the sum of the pools' peaks) during the extension's runs, and how soon a ready
 * line after 5 MiB of output is seen compared with a plain {@code readLine()} loop. Not a test. Run (see README):
 *
 * <pre>
 * ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx64m -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     dev.childproof.bench.OutputThroughputBenchmark [rounds]
 * </pre>
 */
public final class OutputThroughputBenchmark {

    private static final String MIB = "1024";

    private OutputThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> direct = new ArrayList<>();
        List<Long> extension = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        long peakHeap = 0;
        long peakOld = 0;
        runThroughExtension();
        runDirect();
        for (int i = 0; i < rounds; i++) {
            direct.add(runDirect());
            resetPeaks();
            long cpu0 = processCpuNanos();
            extension.add(runThroughExtension());
            cpu.add(processCpuNanos() - cpu0);
            peakHeap = Math.max(peakHeap, peakHeap());
            peakOld = Math.max(peakOld, peakOldGeneration());
        }
        List<Long> readRaw = new ArrayList<>();
        List<Long> readyExtension = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            readRaw.add(readUntilReadyLine());
            readyExtension.add(runReadyThroughExtension());
        }
        long d = median(direct);
        long e = median(extension);
        System.out.printf("child writing %s MiB of %d-byte lines to stdout, %d rounds, %d cores, Java %s%n", MIB,
                Flood.LINE, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("ProcessBuilder redirect to a file: median %d ms  (all %s)%n", d / 1_000_000, millis(direct));
        System.out.printf("through the extension:             median %d ms  (all %s)%n", e / 1_000_000,
                millis(extension));
        System.out.printf("ratio extension / redirect:        %.2f (goal <= 1.20)%n", (double) e / d);
        System.out.printf("test JVM CPU time per extension run (drain, memory, log): median %d ms%n",
                median(cpu) / 1_000_000);
        System.out.printf("ready line after 5 MiB, plain readLine() loop: median %d ms; readyWhen through the"
                + " extension: median %d ms (ratio %.2f)%n", median(readRaw) / 1_000_000,
                median(readyExtension) / 1_000_000, (double) median(readyExtension) / median(readRaw));
        System.out.printf("test JVM peak heap during the extension runs: old generation %d MiB (what young"
                + " collections promoted, an upper bound of what was kept); sum of every heap pool's peak %d MiB (an"
                + " upper bound: the pools peak at different times); max heap %d MiB%n", peakOld >> 20,
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    static long runDirect() throws Exception {
        Path out = Files.createTempFile("childproof-bench", ".out");
        try {
            List<String> command = Launcher.commandLine(new ProcessDeclaration.LaunchTarget(Flood.class, List.of(),
                    List.of(MIB, "0"), List.of()));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the flood failed");
            }
            return System.nanoTime() - start;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static long runThroughExtension() {
        BenchTestCase.nanos = -1;
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .selectors(selectClass(BenchTestCase.class)).execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        return BenchTestCase.nanos;
    }

    static long readUntilReadyLine() throws Exception {
        List<String> command = Launcher.commandLine(new ProcessDeclaration.LaunchTarget(Flood.class, List.of(),
                List.of("5", "0", "READY", "hold"), List.of()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.equals("READY")) {
                // read on
            }
            return System.nanoTime() - start;
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    static long runReadyThroughExtension() {
        ReadyTestCase.nanos = -1;
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .selectors(selectClass(ReadyTestCase.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
        return ReadyTestCase.nanos;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void resetPeaks() {
        // no System.gc(): after a full GC, G1 shrinks the heap and the next flood runs with a small young
        // generation (2.7 s instead of 0.8 s here)
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The peak of the old generation alone: what young collections promoted, an upper bound of what was kept. */
    static long peakOldGeneration() {
        return peakOf(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"));
    }

    /** The sum of every heap pool's peak: an upper bound, since the pools peak at different times. */
    static long peakHeap() {
        return peakOf(pool -> true);
    }

    private static long peakOf(Predicate<MemoryPoolMXBean> which) {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && which.test(pool)) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static List<Long> millis(List<Long> nanos) {
        List<Long> millis = new ArrayList<>();
        nanos.forEach(n -> millis.add(n / 1_000_000));
        return millis;
    }

    /** A ready line after 5 MiB of output; the time runs from launch until {@code start()} returns. */
    public static class ReadyTestCase {
        static volatile long nanos;

        @SpawnedProcess(main = Flood.class, args = {"5", "0", "READY", "hold"}, readyWhen = "^READY$",
                autoStart = false)
        ChildProcess flood;

        @Test
        void becomesReady() {
            long start = System.nanoTime();
            flood.start();
            nanos = System.nanoTime() - start;
        }
    }

    /** The child launched by the extension; the time runs from launch until its log has every line. */
    public static class BenchTestCase {
        static volatile long nanos;

        @SpawnedProcess(main = Flood.class, args = {MIB, "0"}, autoStart = false)
        ChildProcess flood;

        @Test
        void floods() throws Exception {
            long start = System.nanoTime();
            flood.start();
            if (flood.join().code() != 0 || !((OutputCapture) flood.output()).awaitDrained(Duration.ofMinutes(1))) {
                throw new IllegalStateException("the flood failed");
            }
            nanos = System.nanoTime() - start;
            Files.delete(flood.output().logFile());
        }
    }
}
