package dev.childproof.bench;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.junit.ScopeCycle;
import dev.childproof.internal.launch.ProcessDeclaration;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.PumpStreamHandler;
import org.zeroturnaround.exec.ProcessExecutor;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Spawn, exit, reap: {@code /bin/true}, then {@code seq 1 20000} with its output captured. The extension (a whole
 * scope: launch, drain, log file, stop ladder, cookie sweep) against raw {@code ProcessBuilder} and the peers. Then
 * {@code /bin/true} again, each launch {@link #PAUSE_MILLIS} ms after the last, as launches come in a suite: where a
 * move into a cgroup waits for an RCU grace period after a quiet spell, only this figure shows what of that wait
 * reaches the test (since the thirteenth session, the launch leaves the move to a thread of its own). Last, the
 * first two again once the JIT has settled ({@link Interleaved#warmUntilSettled}): the first figures are taken
 * while it still compiles the extension's code, which a suite of a few hundred tests runs only as often.
 */
final class SpawnCycleBenchmark {

    static final class Holder {
        @SpawnedProcess(command = "/bin/true")
        ChildProcess truth;

        @SpawnedProcess(command = {"seq", "1", "20000"})
        ChildProcess seq;
    }

    static final String CGROUP_OFF = "Childproof, childproof.cleanup.cgroup=off";
    static final String PRESPAWN = "Childproof, childproof.launch.prespawn=on";

    static final String TRUE_FIGURE = "spawn → exit → reaped (/bin/true)";
    static final String SEQ_FIGURE = "same with output captured (seq 1 20000)";
    static final String SEQ_NOTE = "goal: Childproof ≤ 1.10; Childproof also writes the log file";

    /** The idle time before each sparse launch: longer than an RCU grace period, as between tests. */
    static final int PAUSE_MILLIS = 50;

    private SpawnCycleBenchmark() {
    }

    /**
     * Measures every figure of the spawn cycle.
     *
     * @param settlingCap how long a warm-up may wait for the JIT to settle
     */
    static void run(Table table, int rounds, Duration settlingCap, Path logDir) throws Exception {
        ProcessDeclaration truth = ScopeCycle.declaration(Holder.class, "truth");
        ProcessDeclaration truthOff = ScopeCycle.declaration(Holder.class, "truth", ScopeCycle.cgroupLayerOff());
        ProcessDeclaration truthPrespawn = ScopeCycle.declaration(Holder.class, "truth", ScopeCycle.prespawnOn());
        Interleaved emptyCycle = new Interleaved()
                .add("raw ProcessBuilder", () -> Interleaved.time(
                        () -> new ProcessBuilder("/bin/true").start().waitFor()))
                .add("Childproof", () -> ScopeCycle.run(truth, logDir, process -> { }, true))
                .add(CGROUP_OFF, () -> ScopeCycle.run(truthOff, logDir, process -> { }, true))
                .add(PRESPAWN, () -> ScopeCycle.run(truthPrespawn, logDir, process -> { }, true))
                .add("zt-exec", () -> Interleaved.time(() -> new ProcessExecutor().command("/bin/true").execute()))
                .add("Commons Exec", () -> Interleaved.time(() -> DefaultExecutor.builder().get()
                        .execute(new CommandLine("/bin/true"))));
        addAll(table, TRUE_FIGURE, emptyCycle.measure(rounds / 10, rounds), "goal: Childproof ≤ 1.10");

        ProcessDeclaration seq = ScopeCycle.declaration(Holder.class, "seq");
        ProcessDeclaration seqOff = ScopeCycle.declaration(Holder.class, "seq", ScopeCycle.cgroupLayerOff());
        ProcessDeclaration seqPrespawn = ScopeCycle.declaration(Holder.class, "seq", ScopeCycle.prespawnOn());
        Interleaved outputCycle = new Interleaved()
                .add("raw ProcessBuilder", () -> Interleaved.time(() -> {
                    Process p = new ProcessBuilder("seq", "1", "20000").start();
                    try (InputStream in = p.getInputStream()) {
                        in.readAllBytes();
                    }
                    p.waitFor();
                }))
                .add("Childproof", () -> ScopeCycle.run(seq, logDir, process -> { }, true))
                .add(CGROUP_OFF, () -> ScopeCycle.run(seqOff, logDir, process -> { }, true))
                .add(PRESPAWN, () -> ScopeCycle.run(seqPrespawn, logDir, process -> { }, true))
                .add("zt-exec", () -> Interleaved.time(() -> new ProcessExecutor().command("seq", "1", "20000")
                        .readOutput(true).execute().outputUTF8()))
                .add("Commons Exec", () -> Interleaved.time(() -> {
                    DefaultExecutor executor = DefaultExecutor.builder().get();
                    executor.setStreamHandler(new PumpStreamHandler(new ByteArrayOutputStream()));
                    executor.execute(new CommandLine("seq").addArgument("1").addArgument("20000"));
                }));
        addAll(table, SEQ_FIGURE, outputCycle.measure(rounds / 10, rounds), SEQ_NOTE);

        Map<String, Stats> sparse = new Interleaved()
                .add("raw ProcessBuilder", () -> afterAPause(() -> Interleaved.time(
                        () -> new ProcessBuilder("/bin/true").start().waitFor())))
                .add("Childproof", () -> afterAPause(() -> ScopeCycle.run(truth, logDir, process -> { }, true)))
                .add(CGROUP_OFF, () -> afterAPause(() -> ScopeCycle.run(truthOff, logDir, process -> { }, true)))
                .add(PRESPAWN, () -> afterAPause(() -> ScopeCycle.run(truthPrespawn, logDir, process -> { }, true)))
                .measure(2, Math.max(10, rounds / 10));
        addAll(table, "sparse launches: the /bin/true cycle " + PAUSE_MILLIS + " ms after the last", sparse,
                "as a test suite launches; without favordynmods, a cgroup move waits for an RCU grace period"
                        + " (on the mover's thread, not the launch's)");

        // the same two cycles once the JIT has compiled what they run: the figures above are taken while it still
        // compiles the extension's code (some thousand cycles of it), as a suite of a few hundred tests meets it
        Interleaved.Settling settling = emptyCycle.warmUntilSettled(rounds, settlingCap);
        addAll(table, TRUE_FIGURE + ", JIT settled", emptyCycle.measure(0, rounds),
                "goal: Childproof ≤ 1.10; " + settling.describe());
        settling = outputCycle.warmUntilSettled(rounds, settlingCap);
        addAll(table, SEQ_FIGURE + ", JIT settled", outputCycle.measure(0, rounds),
                SEQ_NOTE + "; " + settling.describe());
    }

    /** Runs a timed operation after an idle pause (pacing, not synchronisation: nothing is waited for). */
    private static long afterAPause(Interleaved.Timed operation) throws Exception {
        Thread.sleep(PAUSE_MILLIS);
        return operation.run();
    }

    private static void addAll(Table table, String figure, Map<String, Stats> stats, String note) {
        double baseline = stats.get("raw ProcessBuilder").median();
        stats.forEach((variant, s) -> table.add(new Row(figure, variant, s, baseline,
                variant.equals("Childproof") ? note
                        : variant.equals(CGROUP_OFF) ? "no cgroup per process (a move at launch, a read at the end)"
                        : variant.equals(PRESPAWN) ? "opt-in: a launcher shell spawned ahead (README)" : "")));
    }
}
