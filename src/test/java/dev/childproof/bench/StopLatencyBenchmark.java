package dev.childproof.bench;

import dev.childproof.fixtures.StopLatencyProbe;
import dev.childproof.internal.process.ManagedProcess;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stop latency: from {@code set()} on the parent's stop event to the child noticing it, and to the parent seeing
 * the child's exit, over many stops (one fresh process per stop: a stop event, once set, stays set).
 *
 * <ul>
 * <li>Java: {@code StopEvent.current().await()} in the child ({@link StopLatencyProbe}); "noticed" is stamped by the
 * child with {@code System.nanoTime()}, which on Linux reads CLOCK_MONOTONIC, the same clock as the parent's.</li>
 * <li>Python ({@code /usr/bin/python3}): polls {@code os.path.exists} every 10 ms, stamps with
 * {@code time.monotonic_ns()} (CLOCK_MONOTONIC too).</li>
 * <li>sh: polls {@code [ -e "$CHILDPROOF_STOP_FILE" ]} every 10 ms; "noticed" is when the parent reads its
 * {@code noticed} line (sh cannot read CLOCK_MONOTONIC), so it includes the pipe.</li>
 * </ul>
 *
 * <p>Run from the project root: {@code ./mvnw -q test-compile && java -cp target/test-classes:target/classes
 * dev.childproof.bench.StopLatencyBenchmark [stops]} (default 200 stops per kind).
 */
public final class StopLatencyBenchmark {

    private static final String PYTHON = "import os, sys, time\n"
            + "f = os.environ['CHILDPROOF_STOP_FILE']\n"
            + "print('ready', flush=True)\n"
            + "while not os.path.exists(f):\n"
            + "    time.sleep(0.01)\n"
            + "print('noticed', time.monotonic_ns(), flush=True)\n";
    private static final String SH = "echo ready; while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.01; done;"
            + " echo noticed";

    /** A random pause after "ready", so set() falls anywhere in a polling child's 10 ms sleep. */
    private static final int PHASE_MICROS = 20_000;
    private static final Random RANDOM = new Random(42);

    private StopLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int stops = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.printf(Locale.ROOT, "Stop latency over %d stops per kind (java %s, %d cores):%n", stops,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        samples(stops).forEach((label, nanos) -> System.out.println(new LatencyStats(nanos).line(label)));
    }

    /**
     * The samples of every kind, for the benchmark suite's table: nanoseconds from {@code set()} to noticed and to
     * exited, per kind, in a stable order.
     *
     * @param stops stops per kind
     * @return samples by figure
     */
    static Map<String, long[]> samples(int stops) {
        Map<String, long[]> samples = new LinkedHashMap<>();
        collect(samples, "Java StopEvent.await()", stops,
                () -> BenchProcesses.java("latency-java", StopLatencyProbe.class), true);
        collect(samples, "python3 polling every 10 ms", stops,
                () -> BenchProcesses.command("latency-python", "/usr/bin/python3", "-c", PYTHON), true);
        collect(samples, "sh polling every 10 ms", stops,
                () -> BenchProcesses.command("latency-sh", "/bin/sh", "-c", SH), false);
        return samples;
    }

    private static void collect(Map<String, long[]> samples, String label, int stops, Child kind,
            boolean childStamps) {
        for (int i = 0; i < 3; i++) {
            stopOnce(kind, childStamps);
        }
        long[] noticed = new long[stops];
        long[] exited = new long[stops];
        for (int i = 0; i < stops; i++) {
            long[] sample = stopOnce(kind, childStamps);
            noticed[i] = sample[0];
            exited[i] = sample[1];
        }
        samples.put(label + ": set() → noticed" + (childStamps ? "" : " (line read)"), noticed);
        samples.put(label + ": set() → exited", exited);
    }

    private interface Child {
        ManagedProcess create();
    }

    private static void pause(int micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long[] stopOnce(Child kind, boolean childStamps) {
        ManagedProcess child = kind.create();
        AtomicLong lineRead = new AtomicLong();
        child.capture().listen(line -> {
            if (line.text().startsWith("noticed")) {
                lineRead.set(System.nanoTime());
            }
        });
        try {
            child.start();
            child.awaitLine("ready", Duration.ofSeconds(30));
            pause(RANDOM.nextInt(PHASE_MICROS));
            long set = System.nanoTime();
            child.stopEvent().set();
            if (!child.awaitExit(Duration.ofSeconds(10))) {
                throw new IllegalStateException("The child did not stop: " + child + " " + child.output().lines());
            }
            long exited = System.nanoTime();
            String line = child.awaitLine("noticed.*", Duration.ofSeconds(5));
            long noticed = childStamps ? Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)) : lineRead.get();
            return new long[] {noticed - set, exited - set};
        } finally {
            BenchProcesses.end(child);
        }
    }
}
