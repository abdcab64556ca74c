package dev.childproof.bench;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.CookieSweep;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Prints how long cleanup takes for trees of 1, 10 and 100 processes (half of them ignoring SIGTERM, kill timeout
 * 200 ms; goal: within the kill timeout plus 250 ms), and how long the watchdog takes to end what a test JVM left
 * when it is killed with SIGKILL (goal: 2 s). Not a test: figures vary with the machine. Run it with the command in
 * README.md ("Benchmarks").
 */
public final class CleanupBenchmark {

    /** Starts {@code $1 - 1} children (every other one ignoring SIGTERM), then becomes a sleep that ignores SIGTERM. */
    static final String TREE = "i=1; while [ $i -lt $1 ]; do if [ $((i % 2)) -eq 1 ]; then"
            + " sh -c \"trap '' TERM; exec sleep 300\" & else sleep 300 & fi; i=$((i + 1)); done; trap '' TERM; exec sleep 300";

    static volatile long testEnded;

    private CleanupBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "Java %d, cgroup layer %s, subreaper %s, %d cores, load average %s%n",
                Runtime.version().feature(), Containment.instance().isOn() ? "on" : "off",
                PosixCalls.instance().isAvailable() ? "on" : "off", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        System.out.println("cleanup after the test, stop timeout 1ms, kill timeout 200ms (goal: <= 450 ms):");
        bench("  tree of   1", Tree1.class, rounds);
        bench("  tree of  10", Tree10.class, rounds);
        bench("  tree of 100", Tree100.class, rounds);
        System.out.println("watchdog, from kill -9 of a test JVM to all its processes gone (goal: <= 2000 ms):");
        List<Long> reaping = new ArrayList<>();
        for (int i = 0; i < Math.max(1, rounds / 2); i++) {
            reaping.add(watchdogReaping());
        }
        print("  5-process tree", reaping);
        System.exit(0);
    }

    private static void bench(String label, Class<?> fixture, int rounds) {
        print(label, cleanupMillis(fixture, rounds));
    }

    /** Milliseconds from the end of the test to the end of its cleanup, one per round after a warm-up round. */
    static List<Long> cleanupMillis(Class<?> fixture, int rounds) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .selectors(selectClass(fixture)).execute();
            long ended = System.nanoTime();
            if (results.testEvents().succeeded().count() != 1) {
                throw new IllegalStateException(fixture.getSimpleName() + " failed: " + results.testEvents().list());
            }
            if (i > 0) {
                times.add((ended - testEnded) / 1_000_000);
            }
        }
        return times;
    }

    static long watchdogReaping() {
        try (TestJvm jvm = TestJvm.running("dev.childproof.WatchdogTests$KilledJvmTestCase")) {
            jvm.awaitLine("^trees ready, watchdog (\\d+)$", Duration.ofSeconds(60));
            long jvmPid = jvm.process().pid();
            long start = System.nanoTime();
            jvm.process().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> CookieSweep.find(OperatingSystem.current(), c -> RunCookie.issuingJvm(c)
                            .filter(pid -> pid == jvmPid).isPresent()).isEmpty());
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg")),
                    java.nio.charset.StandardCharsets.US_ASCII).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void print(String label, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: median %d ms, max %d ms (%d runs)%n", label, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), sorted.size());
    }

    static void awaitTree(ChildProcess root, int size) {
        OperatingSystem os = OperatingSystem.current();
        await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.of(root.pid()).orElseThrow().descendants()
                .filter(h -> !os.isGone(h.pid())).count() == size - 1);
    }

    /** The fixture body shared by the three sizes. */
    abstract static class TreeCase {
        @AfterEach
        void testEnds() {
            testEnded = System.nanoTime();
        }
    }

    static class Tree1 extends TreeCase {
        @Test
        void tree(@SpawnedProcess(command = {"sh", "-c", TREE, "sh", "1"}, stopTimeout = "1ms",
                killTimeout = "200ms") ChildProcess root) {
            awaitTree(root, 1);
        }
    }

    static class Tree10 extends TreeCase {
        @Test
        void tree(@SpawnedProcess(command = {"sh", "-c", TREE, "sh", "10"}, stopTimeout = "1ms",
                killTimeout = "200ms") ChildProcess root) {
            awaitTree(root, 10);
        }
    }

    static class Tree100 extends TreeCase {
        @Test
        void tree(@SpawnedProcess(command = {"sh", "-c", TREE, "sh", "100"}, stopTimeout = "1ms",
                killTimeout = "200ms") ChildProcess root) {
            awaitTree(root, 100);
        }
    }
}
