package dev.childproof.torture;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs every torture scenario a number of times, each under its own deadline, checks the invariants after each
 * run, and prints a table. {@code ./mvnw -B -q test-compile && java -cp "$(cat target/test-classpath.txt)"
 * dev.childproof.torture.TortureRunner 20} (see README).
 */
public final class TortureRunner {

    static final Duration DEADLINE = Duration.ofSeconds(90);

    private TortureRunner() {
    }

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<ScenarioResult> results = run(repetitions, Paths.get("target", "torture"));
        System.out.println(report(results, repetitions));
        System.exit(results.stream().allMatch(ScenarioResult::isClean) ? 0 : 1);
    }

    static List<ScenarioResult> run(int repetitions, Path outputRoot) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            int index = 0;
            for (Scenario scenario : Scenarios.ALL) {
                Path output = outputRoot.resolve("run-" + rep).resolve("scenario-" + (++index));
                results.add(runOnce(scenario, output));
            }
        }
        return results;
    }

    static ScenarioResult runOnce(Scenario scenario, Path output) throws Exception {
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "torture-scenario"));
        try {
            Future<EngineExecutionResults> run = executor.submit(() -> EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("childproof.output.dir", output.toString())
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .selectors(selectClass(scenario.fixture()))
                    .execute());
            EngineExecutionResults results = run.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            long succeeded = results.testEvents().succeeded().count();
            long failed = results.testEvents().failed().count();
            if (succeeded != scenario.expectedSucceeded() || failed != scenario.expectedFailed()) {
                failures.add("expected " + scenario.expectedSucceeded() + " passed / " + scenario.expectedFailed()
                        + " failed, got " + succeeded + " / " + failed + ": " + results.allEvents().failed().list());
            }
            if (results.containerEvents().failed().count() > 0) {
                failures.add("container failures: " + results.containerEvents().failed().list());
            }
        } catch (TimeoutException e) {
            failures.add("missed its deadline of " + DEADLINE.toSeconds() + "s; threads:\n" + threadDump());
        } finally {
            executor.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new ScenarioResult(scenario, failures, Invariants.leakedProcesses(), Invariants.lostLines(output),
                Invariants.leftoverThreads(), millis);
    }

    static String report(List<ScenarioResult> results, int repetitions) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nTorture: %d scenarios x %d runs, %d cores, Java %s%n%n",
                Scenarios.ALL.size(), repetitions, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        out.append("| scenario | runs | failures | leaked processes | lost lines | leftover threads | slowest run |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario scenario : Scenarios.ALL) {
            List<ScenarioResult> mine = results.stream().filter(r -> r.scenario() == scenario)
                    .collect(java.util.stream.Collectors.toList());
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d ms |%n", scenario.name(),
                    mine.size(), mine.stream().mapToLong(r -> r.failures().size()).sum(),
                    mine.stream().mapToLong(r -> r.leaked().size()).sum(),
                    mine.stream().mapToLong(ScenarioResult::lostLines).sum(),
                    mine.stream().mapToLong(r -> r.leftoverThreads().size()).sum(),
                    mine.stream().mapToLong(ScenarioResult::millis).max().orElse(0)));
        }
        for (ScenarioResult result : results) {
            if (!result.isClean()) {
                out.append("\n").append(result.scenario().name()).append(": ").append(result.failures())
                        .append(" leaked ").append(result.leaked()).append(" threads ")
                        .append(result.leftoverThreads()).append("\n");
            }
        }
        return out.toString();
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }
}
