package dev.childproof.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * As {@link TwoBuilds}, but what each build's scope cycle costs the launching thread in CPU time (its medians and
 * means), besides its wall time: each build's {@code target/classes} in a class loader of its own, their cycles in
 * turn in one JVM, in a rotating order. For changes to what the launching thread does, which move its CPU by a few
 * microseconds, below what the wall time of a cycle resolves on a shared machine. The JIT's and the other threads'
 * CPU is not counted. A development aid, not part of the suite's table.
 *
 * <p>The build given first costs the launching thread more than the second even when both are the same code (10 to
 * 30 microseconds a cycle here, BENCHMARKS.md, fourteenth session): run each comparison in both orders, and take half
 * the difference of the two differences as the change's effect.
 *
 * <p>Arguments: {@code seq|truth}, rounds, the common class path (bench classes and dependencies), then one
 * {@code classes} directory per build:
 * <pre>
 * java -cp target/test-classes dev.childproof.bench.TwoBuildsCpu truth 800 \
 *     "target/test-classes:$(cat target/bench.cp)" /tmp/classes-a target/classes
 * </pre>
 */
public final class TwoBuildsCpu {

    private static final int WARM_UP = 50;

    private TwoBuildsCpu() {
    }

    public static void main(String[] args) throws Exception {
        String field = args[0];
        int rounds = Integer.parseInt(args[1]);
        List<LongSupplier> builds = TwoBuilds.builds(field, args);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int variants = builds.size();
        long[][] cpu = new long[variants][rounds];
        long[][] wall = new long[variants][rounds];
        for (int round = -WARM_UP; round < rounds; round++) {
            for (int k = 0; k < variants; k++) {
                int which = Math.floorMod(k + round, variants);
                long before = threads.getCurrentThreadCpuTime();
                long nanos = builds.get(which).getAsLong();
                long spent = threads.getCurrentThreadCpuTime() - before;
                if (round >= 0) {
                    cpu[which][round] = spent;
                    wall[which][round] = nanos;
                }
            }
        }
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < variants; k++) {
            double mean = Arrays.stream(cpu[k]).average().orElse(0);
            Arrays.sort(cpu[k]);
            Arrays.sort(wall[k]);
            line.append(String.format("build %d: CPU %.1f us (mean %.1f), wall %.3f ms   ", k + 1,
                    cpu[k][rounds / 2] / 1e3, mean / 1e3, wall[k][rounds / 2] / 1e6));
        }
        System.out.println(line.toString().trim());
        System.exit(0); // each build's pooled threads are daemons, but its shutdown hooks run either way
    }
}
