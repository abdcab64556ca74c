package dev.childproof.internal.junit;

import dev.childproof.internal.launch.ProcessDeclaration;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of {@code n} scope cycles ({@code /bin/true}, or {@code seq 1 20000} with {@code seq}) after
 * {@link CycleCost}'s warm-up, by group of this JVM's threads: the launching thread, the C2 and C1 compiler threads,
 * the drainers and log writers, the cgroup mover, the JDK's process reaper, GC, the rest. Read from
 * {@code /proc/self/task/<tid>/stat} before and after (10 ms ticks), so a thread that ended in between is missed:
 * run with {@code -XX:-UseDynamicNumberOfCompilerThreads}, and the pooled threads stay while cycles run back to back.
 * Where {@code src/bench/cycle-cost.sh} counts every process of the run (the children and the watchdog too), this
 * tells the JIT's share from the rest, for builds compared in separate JVMs, alternating (a development aid, not part
 * of the suite's table):
 * <pre>
 * java -XX:-UseDynamicNumberOfCompilerThreads -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
 *     dev.childproof.internal.junit.CycleThreads 2000
 * </pre>
 */
public final class CycleThreads {

    private static final long MILLIS_PER_TICK = 10;

    private CycleThreads() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean seq = args.length > 1 && args[1].equals("seq");
        ProcessDeclaration declaration = ScopeCycle.declaration(CycleCost.Holder.class, seq ? "seq" : "truth");
        String[] command = seq ? new String[] {"seq", "1", "20000"} : new String[] {"/bin/true"};
        Path logs = Files.createTempDirectory("cycle-threads");
        CycleCost.warmUp(declaration, command, logs);
        Map<String, Long> before = ticksByGroup();
        for (int i = 0; i < n; i++) {
            ScopeCycle.run(declaration, logs, process -> { }, true);
        }
        Map<String, Long> after = ticksByGroup();
        StringBuilder line = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> group : after.entrySet()) {
            long millis = (group.getValue() - before.getOrDefault(group.getKey(), 0L)) * MILLIS_PER_TICK;
            total += millis;
            line.append(group.getKey()).append(' ').append(millis).append(" ms  ");
        }
        System.out.println(line.append("total ").append(total).append(" ms (").append(n).append(" cycles)"));
        System.exit(0);
    }

    private static Map<String, Long> ticksByGroup() {
        Map<String, Long> groups = new TreeMap<>();
        String[] tasks = new File("/proc/self/task").list();
        for (String task : tasks == null ? new String[0] : tasks) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc/self/task", task, "stat"), StandardCharsets.US_ASCII);
            } catch (Exception e) {
                continue; // ended meanwhile
            }
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            groups.merge(group(name), ticks, Long::sum);
        }
        return groups;
    }

    private static String group(String thread) {
        if (thread.startsWith("C2 ")) {
            return "C2";
        }
        if (thread.startsWith("C1 ")) {
            return "C1";
        }
        if (thread.equals("java")) {
            return "launching";
        }
        if (thread.startsWith("childproof-drai") || thread.startsWith("childproof-log")) {
            return "drainers";
        }
        if (thread.startsWith("childproof-cgro")) {
            return "mover";
        }
        if (thread.startsWith("process reaper")) {
            return "reaper";
        }
        return thread.startsWith("GC ") || thread.startsWith("G1 ") ? "gc" : "other";
    }
}
