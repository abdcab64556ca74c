package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One variant of the {@code /bin/true} cycle (or, with {@code seq}, the {@code seq 1 20000} cycle with its output
 * read), {@code n} times, after the same warm-up for every variant: for a profiler or {@code perf stat} around the
 * whole JVM (a development aid, not part of the suite's table). The cost of a cycle is the difference between a run
 * of {@code n} cycles and one of none, which cancels the JVM's start and the warm-up: {@code src/bench/cycle-cost.sh}
 * does that for CPU time (the JVM and every process it started, the child and the watchdog included) and context
 * switches.
 *
 * <p>Arguments: {@code raw|scope} (a raw {@code ProcessBuilder} cycle, or a whole scope as {@link ScopeCycle} runs
 * it), {@code n}, and for {@code scope} optionally {@code cgroup-off} or {@code prespawn}; {@code seq} anywhere after
 * {@code n} for the cycle with output (the raw one reads standard output to its end, as the benchmark's does).
 */
public final class CycleCost {

    static final class Holder {
        @SpawnedProcess(command = "/bin/true")
        ChildProcess truth;

        @SpawnedProcess(command = {"seq", "1", "20000"})
        ChildProcess seq;
    }

    private static final int WARM_UP = 300;

    private CycleCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean raw = args[0].equals("raw");
        int n = Integer.parseInt(args[1]);
        List<String> options = Arrays.asList(args).subList(2, args.length);
        boolean seq = options.contains("seq");
        String variant = options.contains("cgroup-off") ? "cgroup-off" : options.contains("prespawn") ? "prespawn" : "";
        Settings settings = variant.equals("cgroup-off") ? ScopeCycle.cgroupLayerOff()
                : variant.equals("prespawn") ? ScopeCycle.prespawnOn() : Settings.DEFAULTS;
        ProcessDeclaration declaration = ScopeCycle.declaration(Holder.class, seq ? "seq" : "truth", settings);
        String[] command = seq ? new String[] {"seq", "1", "20000"} : new String[] {"/bin/true"};
        Path logs = Files.createTempDirectory("cycle-cost");
        warmUp(declaration, command, logs);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (raw) {
                SeqCycle.rawCycle(command);
            } else {
                ScopeCycle.run(declaration, logs, process -> { }, true);
            }
        }
        if (n > 0) {
            System.out.printf("%s %s%s: %d cycles, %.3f ms each%n", args[0], variant, seq ? " seq" : "", n,
                    (System.nanoTime() - start) / 1e6 / n);
        }
    }

    /**
     * The same warm-up for every variant and tool: {@value #WARM_UP} cycles of both kinds, raw and scope, whatever is
     * measured after it (so that it cancels out).
     */
    static void warmUp(ProcessDeclaration declaration, String[] command, Path logs) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            SeqCycle.rawCycle(command);
            ScopeCycle.run(declaration, logs, process -> { }, true);
        }
    }
}
