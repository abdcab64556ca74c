package dev.childproof.internal.junit;

import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times each phase of one scope cycle (a development aid, not part of the suite's table): {@code /bin/true} run to
 * its exit, or with the argument {@code stop} a {@code sleep 30} stopped by the scope's close, with {@code seq} a
 * {@code seq 1 20000} whose output is read (raw) or captured and logged; {@code cgroup-off}
 * without the cgroup layer, {@code prespawn} with pre-spawned launchers, {@code long} for 2000 rounds (for a
 * profiler), {@code cpu} to time each phase in CPU time of the calling thread instead of wall time (what the test
 * thread itself spends, not what it waits for).
 */
public final class PhaseProfile {
    static final class Holder {
        @dev.childproof.SpawnedProcess(command = "/bin/true")
        dev.childproof.ChildProcess truth;

        @dev.childproof.SpawnedProcess(command = {"sleep", "30"})
        dev.childproof.ChildProcess sleeper;

        @dev.childproof.SpawnedProcess(command = {"seq", "1", "20000"})
        dev.childproof.ChildProcess seq;
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.function.LongSupplier clock = options.contains("cpu") ? threads::getCurrentThreadCpuTime
                : System::nanoTime;
        boolean stop = options.contains("stop");
        boolean seq = options.contains("seq");
        ProcessDeclaration d = ScopeCycle.declaration(Holder.class, stop ? "sleeper" : seq ? "seq" : "truth",
                options.contains("cgroup-off") ? ScopeCycle.cgroupLayerOff()
                        : options.contains("prespawn") ? ScopeCycle.prespawnOn()
                        : dev.childproof.internal.config.Settings.DEFAULTS);
        Path dir = Files.createTempDirectory("phase");
        int n = options.contains("long") ? 2000 : 200;
        long[][] t = new long[7][n];
        for (int i = -20; i < n; i++) {
            long r0 = clock.getAsLong();
            Process raw = new ProcessBuilder(stop ? List.of("sleep", "30") : seq ? List.of("seq", "1", "20000")
                    : List.of("/bin/true")).start();
            long r1 = clock.getAsLong();
            if (stop) {
                raw.destroy();
            }
            if (seq) {
                raw.getInputStream().readAllBytes();
            }
            raw.waitFor();
            long r2 = clock.getAsLong();
            long a = clock.getAsLong();
            ProcessScope scope = new ProcessScope(OperatingSystem.current(), dir);
            ManagedProcess p = scope.create("k", d);
            long b = clock.getAsLong();
            scope.startAll();
            long c = clock.getAsLong();
            if (!stop) {
                p.join();
            }
            long e = clock.getAsLong();
            scope.close();
            long f = clock.getAsLong();
            if (i >= 0) {
                t[0][i] = b - a; t[1][i] = c - b; t[2][i] = e - c; t[3][i] = f - e; t[4][i] = f - a;
                t[5][i] = r1 - r0; t[6][i] = r2 - r1;
            }
        }
        String[] names = {"create", "start", "join", "close", "total", "raw start", "raw wait"};
        for (int k = 0; k < names.length; k++) {
            Arrays.sort(t[k]);
            System.out.printf("%-9s median %.3f ms%n", names[k], t[k][n / 2] / 1e6);
        }
    }
}
