package dev.childproof.bench;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A suite of 500 tests, each spawning one command ({@code sleep 30}) and stopping it, run through the JUnit
 * platform (EngineTestKit, in this JVM) with parallel execution on: the extension against the same suite written
 * by hand with {@link ProcessBuilder} (start, then {@code destroy()} and {@code waitFor()} at the end of the test).
 * Each sample is the wall time of one whole suite run; the two suites run interleaved.
 */
final class SuiteBenchmark {

    static final int TESTS = 500;

    private SuiteBenchmark() {
    }

    static void run(Table table, int rounds) throws Exception {
        Map<String, Stats> stats = new Interleaved()
                .add("hand-written ProcessBuilder", () -> suite(HandWrittenSuite.class, Map.of()))
                .add("Childproof", () -> suite(ExtensionSuite.class, Map.of()))
                .add(SpawnCycleBenchmark.CGROUP_OFF, () -> suite(ExtensionSuite.class, Map.of(
                        "childproof.cleanup.cgroup", "off")))
                .add(SpawnCycleBenchmark.PRESPAWN, () -> suite(ExtensionSuite.class, Map.of(
                        "childproof.launch.prespawn", "on")))
                .measure(1, rounds);
        double baseline = stats.get("hand-written ProcessBuilder").median();
        stats.forEach((variant, s) -> table.add(new Row("suite of " + TESTS + " tests, each spawns and stops"
                + " `sleep 30`, parallel on (wall time)", variant, s, baseline, variant.equals("Childproof")
                ? "goal ≤ 1.15" : variant.startsWith("hand") ? "baseline"
                : variant.equals(SpawnCycleBenchmark.PRESPAWN) ? "opt-in: launcher shells spawned ahead (README)"
                : "no cgroup per process (a move at launch, a read at the end)")));
    }

    private static long suite(Class<?> suite, Map<String, String> configuration) {
        long start = System.nanoTime();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(suite)).execute();
        long took = System.nanoTime() - start;
        long succeeded = results.testEvents().succeeded().count();
        if (succeeded != TESTS) {
            throw new IllegalStateException(suite.getSimpleName() + ": " + succeeded + " of " + TESTS
                    + " tests passed: " + results.testEvents().failed().list());
        }
        return took;
    }

    /** The suite with the extension: the process is a parameter, cleanup stops it. */
    static class ExtensionSuite {
        @RepeatedTest(TESTS)
        void test(@SpawnedProcess(command = {"sleep", "30"}) ChildProcess sleeper) {
            if (!sleeper.isAlive()) {
                throw new AssertionError("sleep ended early");
            }
        }
    }

    /** The same suite by hand. */
    static class HandWrittenSuite {
        @RepeatedTest(TESTS)
        void test() throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "30").start();
            try {
                if (!sleeper.isAlive()) {
                    throw new AssertionError("sleep ended early");
                }
            } finally {
                sleeper.destroy();
                sleeper.waitFor();
            }
        }
    }
}
