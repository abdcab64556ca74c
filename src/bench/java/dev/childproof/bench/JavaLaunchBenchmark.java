package dev.childproof.bench;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.junit.ScopeCycle;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Java child from launch to its ready line: the extension (by default, with {@code -XX:TieredStopAtLevel=1}, and
 * with {@code childproof.java.quickstart=off}) against a hand-written {@code java -cp ... Main}, and hand-written
 * launches with JVM options that may start a realistic child faster.
 */
final class JavaLaunchBenchmark {

    static final class Holder {
        @SpawnedProcess(main = RealisticChild.class, readyWhen = "^ready$", stopMethod =
                dev.childproof.StopMethod.CLOSE_STDIN)
        ChildProcess child;
    }

    static final String QUICK_START_OFF = "Childproof, childproof.java.quickstart=off";

    /** An option is adopted by default only when the realistic child starts more than 10 % faster with it. */
    static final double ADOPT_BELOW = 0.90;

    private JavaLaunchBenchmark() {
    }

    static void run(Table table, int rounds, Path logDir) throws Exception {
        ProcessDeclaration declaration = ScopeCycle.declaration(Holder.class, "child");
        ProcessDeclaration withoutQuickStart = ScopeCycle.declaration(Holder.class, "child",
                ScopeCycle.javaQuickStartOff());
        Path archive = logDir.resolve("app-cds.jsa");
        createArchive(archive);
        Map<String, Stats> stats = new Interleaved()
                .add("hand-written java -cp", () -> handWritten(List.of()))
                .add("Childproof", () -> throughTheExtension(declaration, logDir))
                .add(QUICK_START_OFF, () -> throughTheExtension(withoutQuickStart, logDir))
                .add("-XX:TieredStopAtLevel=1", () -> handWritten(List.of("-XX:TieredStopAtLevel=1")))
                .add("-XX:+UseSerialGC", () -> handWritten(List.of("-XX:+UseSerialGC")))
                .add("-XX:-UsePerfData", () -> handWritten(List.of("-XX:-UsePerfData")))
                .add("AppCDS archive", () -> handWritten(List.of("-XX:SharedArchiveFile=" + archive)))
                .add("AppCDS + TieredStopAtLevel=1 + SerialGC", () -> handWritten(List.of(
                        "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")))
                .measure(Math.max(2, rounds / 10), rounds);
        double baseline = stats.get("hand-written java -cp").median();
        stats.forEach((variant, s) -> table.add(new Row("Java child launch → ready (" + RealisticChild.class
                .getSimpleName() + ")", variant, s, baseline, variant.equals("Childproof")
                ? "goal ≤ 1.05; with -XX:TieredStopAtLevel=1 (childproof.java.quickstart, on by default)"
                : variant.equals(QUICK_START_OFF) ? "the JVM's own compilation, as before the quick start"
                : variant.startsWith("hand") ? "baseline" : variant.equals("-XX:TieredStopAtLevel=1")
                ? String.format(java.util.Locale.ROOT, "%s %.0f %%; adopted, on by default (childproof.java.quickstart):"
                        + " it won 11 to 18 %% in the full runs before", s.median() < baseline ? "wins" : "loses",
                        100 * Math.abs(1 - s.median() / baseline))
                : verdict(s.median() / baseline))));
    }

    private static long throughTheExtension(ProcessDeclaration declaration, Path logDir) {
        long[] ready = new long[1];
        long start = System.nanoTime();
        ScopeCycle.run(declaration, logDir, process -> ready[0] = System.nanoTime() - start, false);
        return ready[0];
    }

    /** Whether an option is worth adopting by default: only when it wins by more than 10 % (issue 10). */
    static String verdict(double ratio) {
        return ratio < ADOPT_BELOW ? String.format(java.util.Locale.ROOT, "wins %.0f %% → worth adopting",
                100 * (1 - ratio)) : String.format(java.util.Locale.ROOT, "%s %.0f %% → not adopted (threshold 10 %%)",
                ratio < 1 ? "wins" : "loses", 100 * Math.abs(1 - ratio));
    }

    private static long handWritten(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RealisticChild.class.getName());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // skip
        }
        long took = System.nanoTime() - start;
        process.getOutputStream().close();
        process.waitFor();
        return took;
    }

    private static void createArchive(Path archive) throws Exception {
        if (Files.exists(archive)) {
            return;
        }
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive, "-cp", System.getProperty("java.class.path"),
                RealisticChild.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        process.waitFor();
    }
}
