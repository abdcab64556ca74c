package dev.childproof.testkit;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.reap.CookieSweep;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.internal.reap.LaunchRegistry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs fixture classes through JUnit's {@link EngineTestKit} and checks the promise after every run: each process
 * the run launched, and everything carrying its cookie, is gone.
 */
public final class ChildproofTestKit {

    private ChildproofTestKit() {
    }

    /** Runs every test of a fixture class. */
    public static ExecutionResults executeTestClass(Class<?> testClass) {
        return execute(Map.of(), testClass, null);
    }

    /** Runs every test of a fixture class with configuration parameters. */
    public static ExecutionResults executeTestClass(Class<?> testClass, Map<String, String> configuration) {
        return execute(configuration, testClass, null);
    }

    /** Runs one test method of a fixture class. */
    public static ExecutionResults executeTestMethod(Class<?> testClass, String methodName) {
        return execute(Map.of(), testClass, methodName);
    }

    /**
     * Runs every test of a fixture class with JUnit parallel execution on (mode concurrent, a fixed number of
     * threads). Launches happen on JUnit's worker threads, so {@link ExecutionResults#launched()} is empty: the
     * fixture must record its processes and the caller check them with {@link #assertNothingOutlived(List)}.
     */
    public static ExecutionResults executeTestClassInParallel(Class<?> testClass, int threads) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
                        Integer.toString(threads))
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size",
                        Integer.toString(threads))
                .selectors(selectClass(testClass))
                .execute();
        return new ExecutionResults(results, List.of());
    }

    private static ExecutionResults execute(Map<String, String> configuration, Class<?> testClass, String method) {
        List<LaunchRecord> launched = LaunchRegistry.instance().watchCurrentThread();
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameters(configuration)
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .selectors(method == null ? selectClass(testClass)
                            : selectMethod(testClass, onlyMethod(testClass, method)))
                    .execute();
        } finally {
            LaunchRegistry.instance().unwatchCurrentThread();
        }
        assertNothingOutlived(launched);
        return new ExecutionResults(results, List.copyOf(launched));
    }

    /** The one method of that name, whatever its parameters (selectMethod by name alone finds no-arg ones only). */
    private static java.lang.reflect.Method onlyMethod(Class<?> testClass, String name) {
        List<java.lang.reflect.Method> found = java.util.Arrays.stream(testClass.getDeclaredMethods())
                .filter(m -> m.getName().equals(name)).collect(Collectors.toList());
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " methods named " + name + " in " + testClass);
        }
        return found.get(0);
    }

    /** Fails unless every given process and everything carrying its cookie is gone (within a grace period). */
    public static void assertNothingOutlived(List<LaunchRecord> launched) {
        OperatingSystem os = OperatingSystem.current();
        Set<String> cookies = launched.stream().map(LaunchRecord::cookie).collect(Collectors.toSet());
        await("processes of the run to be gone").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    List<String> alive = launched.stream().filter(r -> r.identity().isAlive(os))
                            .map(r -> r.name() + " pid " + r.identity().pid()).collect(Collectors.toList());
                    CookieSweep.find(os, cookies::contains).forEach(id -> alive.add("pid " + id.pid() + " ("
                            + os.commandLine(id.pid()) + ") carrying " + ChildEnvironment.COOKIE));
                    if (!alive.isEmpty()) {
                        throw new AssertionError("Outlived the test: " + alive);
                    }
                });
    }
}
