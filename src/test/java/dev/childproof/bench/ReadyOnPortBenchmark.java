package dev.childproof.bench;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.process.ManagedProcess;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code readyOnPort}: how long after a server listens its {@code start()} returns, and what the wait costs, for a
 * Python server that listens at once and one that listens after a delay. "Late" is from the server's own
 * {@code time.monotonic_ns()} after {@code listen()} (CLOCK_MONOTONIC, as {@code System.nanoTime()} on Linux) to
 * {@code start()} returning; "CPU" is the waiting thread's CPU time (user and system, the launch included),
 * "reads" the test JVM's read system calls during the wait ({@code syscr} of {@code /proc/self/io}, so drainer
 * reads count too); "one probe" is the CPU time of one look at the socket tables.
 *
 * <p>Run from the project root: {@code ./mvnw -q test-compile && java -cp target/test-classes:target/classes
 * dev.childproof.bench.ReadyOnPortBenchmark [runs-at-once] [runs-delayed] [delay-seconds]} (default 30, 5, 2).
 */
public final class ReadyOnPortBenchmark {

    private static final String SERVER = "import socket, sys, time\n"
            + "time.sleep(float(sys.argv[2]))\n"
            + "s = socket.socket()\n"
            + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            + "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
            + "s.listen()\n"
            + "print('listening', time.monotonic_ns(), flush=True)\n"
            + "time.sleep(600)\n";

    private ReadyOnPortBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int fast = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int slow = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double delay = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        System.out.printf(Locale.ROOT, "readyOnPort (java %s, %d cores, /proc/net/tcp %d bytes, tcp6 %d bytes):%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Files.readAllBytes(Paths.get("/proc/net/tcp")).length,
                Files.readAllBytes(Paths.get("/proc/net/tcp6")).length);
        probe();
        run("warm-up", 5, 0);
        run("listens at once", fast, 0);
        run("listens after " + delay + " s", slow, delay);
    }

    private static void run(String label, int runs, double delay) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] late = new long[runs];
        long[] cpu = new long[runs];
        long[] reads = new long[runs];
        for (int i = 0; i < runs; i++) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ManagedProcess server = BenchProcesses.commandReadyOnPort("server", port, "/usr/bin/python3", "-c", SERVER,
                    Integer.toString(port), Double.toString(delay));
            try {
                long readsBefore = syscr();
                long cpuBefore = threads.getCurrentThreadCpuTime();
                server.start();
                long ready = System.nanoTime();
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuBefore;
                reads[i] = syscr() - readsBefore;
                String line = server.output().awaitLine("^listening \\d+$", Duration.ofSeconds(10));
                late[i] = ready - Long.parseLong(line.substring("listening ".length()));
            } finally {
                server.kill(); // it ignores its stop event: the ladder would wait out the stop timeout
                BenchProcesses.end(server);
            }
        }
        if (label.equals("warm-up")) {
            return;
        }
        System.out.println(new LatencyStats(late).line(label + ": late"));
        System.out.println(new LatencyStats(cpu).line(label + ": CPU of the waiting thread"));
        System.out.printf(Locale.ROOT, "%-58s median %d%n", label + ": read syscalls of the JVM", median(reads));
    }

    /** The CPU time of one look at the socket tables, over many. */
    private static void probe() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = 2000;
        long[] each = new long[n];
        ProcessIdentity self = ProcessIdentity.of(OperatingSystem.current(), ProcessHandle.current().pid()).get();
        for (int i = 0; i < n; i++) {
            long before = threads.getCurrentThreadCpuTime();
            OperatingSystem.current().listensOnLoopback(1, self);
            each[i] = threads.getCurrentThreadCpuTime() - before;
        }
        System.out.println(new LatencyStats(each).line("one probe: CPU"));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long syscr() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/io"))) {
            if (line.startsWith("syscr:")) {
                return Long.parseLong(line.substring("syscr:".length()).trim());
            }
        }
        throw new IllegalStateException("no syscr in /proc/self/io");
    }
}
