package dev.childproof.bench;

import dev.childproof.internal.junit.SeqCycle;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Compares builds of the extension in one JVM: each build's {@code target/classes} is loaded by a class loader of
 * its own (with the bench classes and dependencies), and a raw {@code ProcessBuilder} cycle and each build's scope
 * cycle run in turn, in a rotating order, so the machine's drift hits all alike. Separate JVMs of two builds on this
 * shared machine differ by several percent with identical code; here a build against itself differs by about 1.5 %
 * (BENCHMARKS.md). A development aid, not part of the suite's table. Each build has its own statics (drainer pool,
 * registry, run directory, watchdog).
 *
 * <p>Arguments: {@code seq|truth|sleeper} ({@code sleep 30} stopped at the close; raw: destroyed), rounds, the common
 * class path (bench classes and dependencies), then one {@code classes} directory per build. Prints the raw median and,
 * per build, its median and ratio to raw:
 * <pre>
 * ./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp target/test-classes dev.childproof.bench.TwoBuilds seq 800 \
 *     "target/test-classes:$(cat target/bench.cp)" /tmp/classes-a target/classes
 * </pre>
 */
public final class TwoBuilds {

    private static final int WARM_UP = 50;

    private TwoBuilds() {
    }

    public static void main(String[] args) throws Exception {
        String field = args[0];
        int rounds = Integer.parseInt(args[1]);
        List<LongSupplier> builds = builds(field, args);
        String[] command = field.equals("seq") ? new String[] {"seq", "1", "20000"} : new String[] {"/bin/true"};
        int variants = builds.size() + 1;
        long[][] samples = new long[variants][rounds];
        for (int round = -WARM_UP; round < rounds; round++) {
            for (int k = 0; k < variants; k++) {
                int which = (k + round + WARM_UP) % variants;
                long nanos = which == 0 ? field.equals("sleeper") ? rawStop() : SeqCycle.rawCycle(command)
                        : builds.get(which - 1).getAsLong();
                if (round >= 0) {
                    samples[which][round] = nanos;
                }
            }
        }
        double raw = SeqCycle.median(samples[0]);
        StringBuilder line = new StringBuilder(String.format("raw %.3f ms", raw / 1e6));
        for (int k = 1; k < variants; k++) {
            line.append(String.format("  build %d %.3f ms (%.3f)", k, SeqCycle.median(samples[k]) / 1e6,
                    SeqCycle.median(samples[k]) / raw));
        }
        System.out.println(line);
        System.exit(0); // each build's pooled threads are daemons, but its shutdown hooks run either way
    }

    /** The raw counterpart of a {@code sleep 30} the scope's close stops: started, destroyed, waited for. */
    private static long rawStop() throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("sleep", "30").start();
        p.destroy();
        p.waitFor();
        return System.nanoTime() - start;
    }

    /**
     * One {@code BuildCycle} of each build, each in a class loader of its own: {@code args[2]} is the class path the
     * builds share, {@code args[3..]} each build's {@code classes} directory.
     */
    static List<LongSupplier> builds(String field, String[] args) throws Exception {
        List<LongSupplier> builds = new ArrayList<>();
        for (int k = 3; k < args.length; k++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Paths.get(args[k]).toUri().toURL());
            for (String entry : args[2].split(":")) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
            // the platform loader as parent: this JVM's own class path must not lend any build its classes
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            builds.add((LongSupplier) loader.loadClass("dev.childproof.internal.junit.BuildCycle")
                    .getConstructor(String.class).newInstance(field));
        }
        return builds;
    }
}
