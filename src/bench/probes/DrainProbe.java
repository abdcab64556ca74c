/*
 * What draining a child's two output streams costs the launching JVM, and what one thread for every process's
 * output (epoll through the FFM API, Java 22+) would save: the one structural change left for the drainers
 * (BENCHMARKS.md, twenty-seventh session). Not part of the build; a single-file program for Java 22+:
 *
 *   java --enable-native-access=ALL-UNNAMED src/bench/probes/DrainProbe.java <cycles> <rounds> <workers> [command...]
 *
 * The command defaults to "sleep 30", which each cycle stops with destroy() (the suite's test); any other command is
 * waited for. Each round runs every variant for <cycles> cycles spread over <workers> threads and prints the JVM's
 * CPU time (all its threads) and the wall time per cycle; the last lines are the medians of the rounds after the
 * first two. -Dvariants=raw,threads,nowait,epoll picks variants:
 *
 *   raw      the hand-written test: start, then destroy() and waitFor(); with another command its standard output
 *            is read to the end on the cycle's thread (the stream it would block on otherwise)
 *   threads  as the extension drains on Java 17: each stream handed to a pooled thread that reads it to the end;
 *            the cycle waits for both ends of file
 *   nowait   the same, the cycle not waiting for the ends of file
 *   epoll    pipes of our own (pipe2, read ends non-blocking), given to the child as /proc/self/fd/<write end>, their
 *            read ends registered with one epoll instance that one thread waits on for every process
 */

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

public final class DrainProbe {

    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN_HUP_ERR = 0x1 | 0x10 | 0x8;
    private static final int EVENT_SIZE = 12; // struct epoll_event is packed on x86-64: uint32 events, uint64 data

    private static final MethodHandle PIPE2 = call("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = call("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL =
            call("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT =
            call("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = call("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** The epoll instance's registrations: a token each (never an fd number, which the kernel gives out again). */
    private static final Map<Long, Registration> REGISTERED = new ConcurrentHashMap<>();
    private static final AtomicLong TOKENS = new AtomicLong();
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "probe-drainer");
        thread.setDaemon(true);
        return thread;
    });

    private static int epoll;
    private static boolean stop;

    private record Registration(int fd, CountDownLatch ends) {}

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        String[] command = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[] {"sleep", "30"};
        String[] variants = System.getProperty("variants", "raw,threads,nowait,epoll").split(",");
        stop = command[0].equals("sleep");
        epoll = epollCreate1(O_CLOEXEC);
        Thread poller = new Thread(DrainProbe::poll, "probe-epoll");
        poller.setDaemon(true);
        poller.start();

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Map<String, List<double[]>> kept = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String variant : variants) {
                long cpu = os.getProcessCpuTime();
                long wall = System.nanoTime();
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    running.add(pool.submit(() -> {
                        for (int i = 0; i < cycles / workers; i++) {
                            cycle(variant, command);
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : running) {
                    worker.get();
                }
                double[] perCycle = {
                    (os.getProcessCpuTime() - cpu) / 1e3 / cycles, (System.nanoTime() - wall) / 1e3 / cycles};
                System.out.printf("round %d %-8s CPU %6.1f µs a cycle, wall %7.1f µs%n", round, variant, perCycle[0],
                        perCycle[1]);
                if (round >= 2) {
                    kept.computeIfAbsent(variant, v -> new ArrayList<>()).add(perCycle);
                }
            }
        }
        kept.forEach((variant, samples) -> System.out.printf("median %-8s CPU %6.1f µs a cycle, wall %7.1f µs%n",
                variant, median(samples, 0), median(samples, 1)));
        System.exit(0);
    }

    private static void cycle(String variant, String[] command) throws Exception {
        switch (variant) {
            case "raw" -> {
                Process process = new ProcessBuilder(command).start();
                if (!stop) {
                    try (InputStream in = process.getInputStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                end(process);
            }
            case "threads", "nowait" -> {
                Process process = new ProcessBuilder(command).start();
                CountDownLatch ends = new CountDownLatch(2);
                drain(process.getInputStream(), ends);
                drain(process.getErrorStream(), ends);
                end(process);
                if (variant.equals("threads")) {
                    ends.await();
                }
            }
            case "epoll" -> {
                int[] out = pipe();
                int[] err = pipe();
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(new File("/proc/self/fd/" + out[1]))
                        .redirectError(new File("/proc/self/fd/" + err[1]));
                Process process;
                try {
                    process = builder.start();
                } finally {
                    close(out[1]);
                    close(err[1]);
                }
                CountDownLatch ends = new CountDownLatch(2);
                register(out[0], ends);
                register(err[0], ends);
                end(process);
                ends.await();
            }
            default -> throw new IllegalArgumentException("no variant " + variant);
        }
    }

    private static void end(Process process) throws InterruptedException {
        if (stop) {
            process.destroy();
        }
        process.waitFor();
    }

    private static void drain(InputStream in, CountDownLatch ends) {
        DRAINERS.execute(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                while (in.read(buffer) >= 0) {
                    // discarded: the probe measures the hand-offs and the reads, not what is kept
                }
            } catch (IOException e) {
                // the JDK closed the stream at the exit: its end
            }
            ends.countDown();
        });
    }

    private static int[] pipe() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(8);
            check(pipe2(fds, O_CLOEXEC | O_NONBLOCK), "pipe2");
            return new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
        }
    }

    private static void register(int fd, CountDownLatch ends) {
        long token = TOKENS.incrementAndGet();
        REGISTERED.put(token, new Registration(fd, ends));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(EVENT_SIZE);
            event.set(JAVA_INT_UNALIGNED, 0, EPOLLIN_HUP_ERR);
            event.set(JAVA_LONG_UNALIGNED, 4, token);
            check(epollCtl(EPOLL_CTL_ADD, fd, event), "epoll_ctl");
        }
    }

    /** The one thread that reads every registered pipe; a pipe leaves the epoll instance before its fd is closed. */
    private static void poll() {
        MemorySegment events = Arena.global().allocate(EVENT_SIZE * 64L);
        MemorySegment buffer = Arena.global().allocate(1 << 16);
        while (true) {
            int ready = epollWait(events, 64);
            for (int i = 0; i < ready; i++) {
                long token = events.get(JAVA_LONG_UNALIGNED, i * (long) EVENT_SIZE + 4);
                Registration registration = REGISTERED.get(token);
                long read;
                while ((read = read(registration.fd(), buffer)) > 0) {
                    // discarded, as the drainer threads do
                }
                if (read == 0) { // end of file; below zero is EAGAIN: nothing more for now
                    epollCtl(EPOLL_CTL_DEL, registration.fd(), MemorySegment.NULL);
                    close(registration.fd());
                    REGISTERED.remove(token);
                    registration.ends().countDown();
                }
            }
        }
    }

    private static double median(List<double[]> samples, int column) {
        List<Double> values = new ArrayList<>();
        samples.forEach(sample -> values.add(sample[column]));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    // invokeExact, as the JDK's own FFM calls are made: invokeWithArguments would box and adapt every call

    private static int pipe2(MemorySegment fds, int flags) {
        try {
            return (int) PIPE2.invokeExact(fds, flags);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int epollCreate1(int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(flags);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int epollCtl(int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(epoll, op, fd, event);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int epollWait(MemorySegment events, int max) {
        try {
            return (int) EPOLL_WAIT.invokeExact(epoll, events, max, -1);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static long read(int fd, MemorySegment buffer) {
        try {
            return (long) READ.invokeExact(fd, buffer, buffer.byteSize());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(int fd) {
        try {
            int closed = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(int result, String what) {
        if (result != 0) {
            throw new IllegalStateException(what + " failed");
        }
    }
}
