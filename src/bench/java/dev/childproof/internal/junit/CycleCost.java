package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One variant of the {@code /bin/true} cycle, {@code n} times, after the same warm-up for every variant: for a
 * profiler or {@code perf stat} around the whole JVM (a development aid, not part of the suite's table). The cost of
 * a cycle is the difference between a run of {@code n} cycles and one of none, which cancels the JVM's start and the
 * warm-up: {@code src/bench/cycle-cost.sh} does that for CPU time (the JVM and every process it started, the child
 * and the watchdog included) and context switches.
 *
 * <p>Arguments: {@code raw|scope} (a raw {@code ProcessBuilder} cycle, or a whole scope as {@link ScopeCycle} runs
 * it), {@code n}, and for {@code scope} optionally {@code cgroup-off} or {@code prespawn}.
 */
public final class CycleCost {

    static final class Holder {
        @SpawnedProcess(command = "/bin/true")
        ChildProcess truth;
    }

    private static final int WARM_UP = 300;

    private CycleCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean raw = args[0].equals("raw");
        int n = Integer.parseInt(args[1]);
        String variant = args.length > 2 ? args[2] : "";
        Settings settings = variant.equals("cgroup-off") ? ScopeCycle.cgroupLayerOff()
                : variant.equals("prespawn") ? ScopeCycle.prespawnOn() : Settings.DEFAULTS;
        ProcessDeclaration truth = ScopeCycle.declaration(Holder.class, "truth", settings);
        Path logs = Files.createTempDirectory("cycle-cost");
        for (int i = 0; i < WARM_UP; i++) { // both kinds, whatever is measured: the warm-up cancels out
            new ProcessBuilder("/bin/true").start().waitFor();
            ScopeCycle.run(truth, logs, process -> { }, true);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (raw) {
                new ProcessBuilder("/bin/true").start().waitFor();
            } else {
                ScopeCycle.run(truth, logs, process -> { }, true);
            }
        }
        if (n > 0) {
            System.out.printf("%s %s: %d cycles, %.3f ms each%n", args[0], variant, n,
                    (System.nanoTime() - start) / 1e6 / n);
        }
    }
}
