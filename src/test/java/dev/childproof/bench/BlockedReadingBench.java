package dev.childproof.bench;

import dev.childproof.fixtures.ReadStdin;
import dev.childproof.fixtures.SleepForever;
import dev.childproof.fixtures.Spin;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessActivity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How often a JVM whose main thread waits (or sleeps) reads as having a runnable thread: with one raw
 * {@code /proc/<pid>/task/*}{@code /stat} snapshot (any thread in state R), and with the reading behind
 * {@code state()} (JVM service threads not counted, runnable confirmed by further readings); and what that
 * reading costs. The spinning fixture shows the other side: it must read runnable every time. Linux only.
 *
 * <pre>
 * ./mvnw -q -B test-compile
 * java -cp target/classes:target/test-classes dev.childproof.bench.BlockedReadingBench [seconds per fixture]
 * </pre>
 */
public final class BlockedReadingBench {

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        System.out.printf(Locale.ROOT, "%-14s %8s %14s %17s %12s%n", "fixture", "readings", "raw: any R",
                "state(): RUNNING", "µs/state()");
        for (Class<?> fixture : new Class<?>[] {ReadStdin.class, SleepForever.class, Spin.class}) {
            measure(fixture, seconds);
        }
    }

    static void measure(Class<?> fixture, long seconds) throws Exception {
        Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", dev.childproof.internal.launch.ChildClassPath.of(fixture), fixture.getName())
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        try {
            process.getInputStream().read(); // its first line: main has reached the point where it waits or spins
            TimeUnit.SECONDS.sleep(1); // let JVM start-up work (JIT, class loading) settle; a benchmark, not a test
            OperatingSystem os = OperatingSystem.current();
            Path tasks = Paths.get("/proc", Long.toString(process.pid()), "task");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long readings = 0;
            long singleRunnable = 0;
            long confirmedRunnable = 0;
            long confirmedNanos = 0;
            while (System.nanoTime() < end) {
                readings++;
                if (anyRunnable(tasks)) {
                    singleRunnable++;
                }
                long start = System.nanoTime();
                Optional<ProcessActivity> activity = os.activity(process.pid());
                confirmedNanos += System.nanoTime() - start;
                if (activity.equals(Optional.of(ProcessActivity.RUNNABLE))) {
                    confirmedRunnable++;
                }
            }
            System.out.printf(Locale.ROOT, "%-14s %8d %8d (%5.2f%%) %10d (%5.2f%%) %12.0f%n", fixture.getSimpleName(),
                    readings, singleRunnable, 100.0 * singleRunnable / readings, confirmedRunnable,
                    100.0 * confirmedRunnable / readings, confirmedNanos / 1000.0 / readings);
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /** One snapshot: is any thread in state R? */
    static boolean anyRunnable(Path tasks) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path task : entries) {
                String stat;
                try {
                    stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue;
                }
                if (stat.charAt(stat.lastIndexOf(')') + 2) == 'R') {
                    return true;
                }
            }
        }
        return false;
    }
}
