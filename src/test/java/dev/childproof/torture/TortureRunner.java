package dev.childproof.torture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every torture scenario a number of times, each under its own deadline, checks the invariants after each
 * run, and prints a table. Build the class path once with {@code ./mvnw -q -B package -DskipTests
 * dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}, then
 * {@code java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:$(cat
 * target/test-classpath.txt) dev.childproof.torture.TortureRunner 20} (see RELIABILITY.md). Exits 1 when any run
 * was not clean.
 */
public final class TortureRunner {

    private TortureRunner() {
    }

    /**
     * @param args the number of repetitions (default 3), then {@code smoke} for the build's small sizes (or
     *     {@code full}), then the directory for the scenarios' output (default {@code target/torture})
     */
    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Scale scale = args.length > 1 && args[1].equals("smoke") ? Scale.SMOKE : Scale.FULL;
        long start = System.nanoTime();
        Path output = args.length > 2 ? Paths.get(args[2]) : Paths.get("target", "torture");
        List<ScenarioResult> results = run(repetitions, scale, output);
        System.out.println(report(results, repetitions, (System.nanoTime() - start) / 1_000_000_000));
        System.exit(results.stream().allMatch(ScenarioResult::isClean) ? 0 : 1);
    }

    static List<ScenarioResult> run(int repetitions, Scale scale, Path outputRoot) throws Exception {
        Scale.use(scale);
        List<ScenarioResult> results = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            int index = 0;
            for (Scenario scenario : Scenarios.all()) {
                Path output = outputRoot.resolve("run-" + rep).resolve("scenario-" + (++index));
                ScenarioResult result = runOnce(scenario, output);
                results.add(result);
                System.err.printf(Locale.ROOT, "torture run %d, %s: %d ms%s%n", rep, scenario.name(), result.millis(),
                        result.isClean() ? "" : ", NOT CLEAN");
            }
        }
        return results;
    }

    /**
     * Runs a scenario on its own thread; when it misses its deadline, that counts as a deadlock: the failure carries
     * a dump of every thread, and the run goes on (the stuck thread is interrupted and left).
     */
    static ScenarioResult runOnce(Scenario scenario, Path output) throws Exception {
        Findings findings = new Findings();
        Set<Thread> before = Invariants.threads();
        Set<Long> zombiesBefore = Invariants.zombieChildren();
        long start = System.nanoTime();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "torture-scenario"));
        try {
            Future<?> run = executor.submit(() -> {
                scenario.body().run(output, findings);
                return null;
            });
            run.get(scenario.deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            findings.fail("missed its deadline of " + scenario.deadline().toSeconds() + "s; threads:\n" + threadDump());
        } catch (ExecutionException e) {
            findings.fail("threw " + e.getCause());
        } finally {
            executor.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> leaked = new ArrayList<>(findings.leaked());
        leaked.addAll(Invariants.leakedProcesses());
        leaked.addAll(Invariants.zombieChildrenLeft(zombiesBefore));
        return new ScenarioResult(scenario, findings.failures(), leaked, Invariants.lostLines(output),
                Invariants.leftoverThreads(before), millis);
    }

    static String report(List<ScenarioResult> results, int repetitions, long seconds) {
        Map<String, List<ScenarioResult>> byScenario = new LinkedHashMap<>();
        results.forEach(r -> byScenario.computeIfAbsent(r.scenario().name(), name -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nTorture: %d scenarios x %d runs in %d s, %d cores, Java %s%n%n",
                byScenario.size(), repetitions, seconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        out.append("| scenario | runs | failures | leaked processes (or zombies) | lost lines | leftover threads | slowest run |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        byScenario.forEach((name, mine) -> out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d ms |%n",
                name, mine.size(), mine.stream().mapToLong(r -> r.failures().size()).sum(),
                mine.stream().mapToLong(r -> r.leaked().size()).sum(),
                mine.stream().mapToLong(ScenarioResult::lostLines).sum(),
                mine.stream().mapToLong(r -> r.leftoverThreads().size()).sum(),
                mine.stream().mapToLong(ScenarioResult::millis).max().orElse(0))));
        out.append(String.format(Locale.ROOT, "| **all** | %d | %d | %d | %d | %d | %d ms |%n", results.size(),
                results.stream().mapToLong(r -> r.failures().size()).sum(),
                results.stream().mapToLong(r -> r.leaked().size()).sum(),
                results.stream().mapToLong(ScenarioResult::lostLines).sum(),
                results.stream().mapToLong(r -> r.leftoverThreads().size()).sum(),
                results.stream().mapToLong(ScenarioResult::millis).max().orElse(0)));
        for (ScenarioResult result : results) {
            if (!result.isClean()) {
                out.append("\n").append(result.scenario().name()).append(": ").append(result.failures())
                        .append(" leaked ").append(result.leaked()).append(" lost lines ").append(result.lostLines())
                        .append(" threads ").append(result.leftoverThreads()).append("\n");
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
