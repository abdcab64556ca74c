package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code seq 1 20000} cycle and the {@code /bin/true} cycle, each raw {@code ProcessBuilder} (reading standard
 * output to its end) and as a whole scope, the four in turn, for comparing two builds run after run (a development
 * aid, not part of the suite's table). Prints one line: the median of each, the {@code seq} ratio, and what output
 * adds to a scope's cycle beyond what it adds to a raw one ({@code (scope seq - scope true) - (raw seq - raw true)}:
 * the output path's own share, the launch path's cancelled out). Arguments: rounds (default 300), warm-up rounds
 * (default 30).
 */
public final class SeqCycle {

    static final class Holder {
        @SpawnedProcess(command = {"seq", "1", "20000"})
        ChildProcess seq;

        @SpawnedProcess(command = "/bin/true")
        ChildProcess truth;
    }

    private SeqCycle() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        ProcessDeclaration seq = ScopeCycle.declaration(Holder.class, "seq");
        ProcessDeclaration truth = ScopeCycle.declaration(Holder.class, "truth");
        Path logs = Files.createTempDirectory("seq-cycle");
        long[][] samples = new long[4][rounds];
        for (int round = -warmUp; round < rounds; round++) {
            for (int k = 0; k < 4; k++) {
                int variant = (k + round + warmUp) % 4; // a rotating order
                long nanos;
                switch (variant) {
                    case 0:
                        nanos = rawCycle("seq", "1", "20000");
                        break;
                    case 1:
                        nanos = ScopeCycle.run(seq, logs, process -> { }, true);
                        break;
                    case 2:
                        nanos = rawCycle("/bin/true");
                        break;
                    default:
                        nanos = ScopeCycle.run(truth, logs, process -> { }, true);
                        break;
                }
                if (round >= 0) {
                    samples[variant][round] = nanos;
                }
            }
        }
        double rawSeq = median(samples[0]) / 1e6;
        double scopeSeq = median(samples[1]) / 1e6;
        double rawTrue = median(samples[2]) / 1e6;
        double scopeTrue = median(samples[3]) / 1e6;
        System.out.printf("raw seq %.3f  scope seq %.3f  raw true %.3f  scope true %.3f  seq ratio %.3f  true ratio"
                + " %.3f  output share %.3f ms%n", rawSeq, scopeSeq, rawTrue, scopeTrue, scopeSeq / rawSeq,
                scopeTrue / rawTrue, (scopeSeq - scopeTrue) - (rawSeq - rawTrue));
    }

    /** One raw {@code ProcessBuilder} cycle, its output read to the end; its duration in nanoseconds. */
    public static long rawCycle(String... command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).start();
        try (InputStream in = p.getInputStream()) {
            in.readAllBytes();
        }
        p.waitFor();
        return System.nanoTime() - start;
    }

    /** The median of some durations (the upper one of an even count). */
    public static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
