package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Linux: everything read from {@code /proc}, which is cheap and exact. A process whose stat file is there but cannot
 * be read (this JVM has used up its descriptors, and another thread took the reserve's) is neither running nor gone
 * here: {@link #isRunning} is false, so nothing is signalled unchecked, and {@link #isGone} and {@link #hasEnded} are
 * false, so nothing takes it for ended.
 */
final class LinuxOperatingSystem implements OperatingSystem {

    static {
        DescriptorReserve.hold(); // before a test could use up the descriptors
    }

    private static final Path PROC = Paths.get("/proc");
    private static final EnvironmentBlocks ENVIRONMENTS = new EnvironmentBlocks(PROC,
            EnvironmentBlocks.EXEC_WAIT);
    /** Read through a kept descriptor: the cookie sweep reads it for nearly every process this JVM ends. */
    private static final KeptRecordFile LOADAVG = new KeptRecordFile(PROC.resolve("loadavg"), 64);
    private static final Path UPTIME = PROC.resolve("uptime");
    /** Whether this kernel lists each thread's children ({@code CONFIG_PROC_CHILDREN}, Linux 3.5 and later). */
    private static final boolean CHILDREN_LISTED = Files.exists(PROC.resolve("self").resolve("task")
            .resolve(Long.toString(ProcessHandle.current().pid())).resolve("children"));

    @Override
    public boolean isPosix() {
        return true;
    }

    @Override
    public OptionalLong startTime(long pid) {
        // asked of processes just launched or just found: opened without a look first
        return statIfReadable(pid, true)
                .map(stat -> OptionalLong.of(stat.startTime()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public boolean isGone(long pid) {
        try {
            return stat(pid)
                    .map(stat -> stat.state() == 'Z' || stat.state() == 'X')
                    .orElse(true);
        } catch (IOException e) {
            return false; // there, and unreadable: not known to be gone
        }
    }

    @Override
    public boolean isRunning(long pid, long startTime) {
        return statIfReadable(pid)
                .map(stat -> stat.startTime() == startTime && stat.state() != 'Z' && stat.state() != 'X')
                .orElse(false);
    }

    @Override
    public boolean hasEnded(long pid, long startTime) {
        try {
            return stat(pid)
                    .map(stat -> stat.startTime() != startTime || stat.state() == 'Z' || stat.state() == 'X')
                    .orElse(true);
        } catch (IOException e) {
            return false; // there, and unreadable: not known to have ended
        }
    }

    @Override
    public boolean isSuspended(long pid) {
        // the main thread's state: a SIGSTOP stops every thread of the process; asked before a stop request, of a
        // process that had not exited a moment before: opened without a look first
        return statIfReadable(pid, true)
                .map(stat -> stat.state() == 'T')
                .orElse(false);
    }

    @Override
    public OptionalLong parentPid(long pid) {
        return statIfReadable(pid)
                .map(stat -> OptionalLong.of(stat.parentPid()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public Set<Long> awaitedChildren() {
        return AwaitedChildren.now();
    }

    @Override
    public OptionalLong sessionId(long pid) {
        return statIfReadable(pid)
                .map(stat -> OptionalLong.of(stat.sessionId()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public Optional<String> environmentVariable(long pid, String name) {
        byte[] environ = ENVIRONMENTS.read(pid);
        if (environ == null) {
            return Optional.empty();
        }
        for (int start = 0; start < environ.length; ) {
            int end = KernelFile.indexOf(environ, start, environ.length, (byte) 0);
            // compared as bytes: no string per entry of every process probed (names here are ASCII)
            if (KernelFile.startsWith(environ, start, end, name, '=')) {
                int value = start + name.length() + 1;
                return Optional.of(new String(environ, value, end - value, StandardCharsets.UTF_8));
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    @Override
    public List<Long> childrenOf(long pid) {
        List<Long> children = new ArrayList<>();
        Path taskDirectory = PROC.resolve(Long.toString(pid)).resolve("task");
        // File.list rather than a DirectoryStream: fewer methods and objects per listing (see allPids)
        String[] tasks = KernelFile.list(taskDirectory);
        if (tasks == null) {
            return children; // gone or unreadable: no children known
        }
        for (String task : tasks) {
            try {
                children.addAll(KernelFile.numbers(taskDirectory.resolve(task).resolve("children")));
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return children;
    }

    /**
     * The kernel hands an orphan to the first live thread of its subreaper, counting from the main thread
     * ({@code find_new_reaper} in {@code kernel/exit.c}), so while the main thread lives every adopted child is on its
     * children list: one read instead of one per thread (a test JVM has some forty: 0.25 to 0.35 ms a look against
     * 7 to 10 µs, BENCHMARKS.md). Every thread's list once the main thread has ended; its state is read after its
     * list, so a list read while it lived is whole.
     */
    @Override
    public List<Long> adoptedChildren(long subreaper) {
        String pid = Long.toString(subreaper);
        Path main = PROC.resolve(pid).resolve("task").resolve(pid);
        try {
            List<Long> children = KernelFile.numbers(main.resolve("children"));
            Optional<ProcStat> stat = ProcStat.read(main.resolve("stat"));
            if (stat.isPresent() && stat.get().state() != 'Z' && stat.get().state() != 'X') {
                return children;
            }
        } catch (IOException | RuntimeException e) {
            // no list: every thread's
        }
        return childrenOf(subreaper);
    }

    /**
     * Walks the children lists down from the process: a read per thread of each member, where the JDK's
     * {@code ProcessHandle.descendants()} reads the stat of every process of the system (a full scan at every stop
     * of a process without a cgroup). A kernel built without the children lists gets the scan.
     */
    @Override
    public List<Long> descendantsOf(long pid) {
        if (!CHILDREN_LISTED) {
            return OperatingSystem.super.descendantsOf(pid);
        }
        List<Long> descendants = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        seen.add(pid);
        for (int next = -1; next < descendants.size(); next++) {
            for (long child : childrenOf(next < 0 ? pid : descendants.get(next))) {
                if (seen.add(child)) { // a pid reused while the lists were read must not make a loop
                    descendants.add(child);
                }
            }
        }
        return descendants;
    }

    @Override
    public OptionalLong lastCreatedPid() {
        try {
            return lastField(LOADAVG.read());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * From {@code /proc/uptime}, the time since boot (the clock a stat file's start time counts, in the time namespace
     * that reads both) in hundredths of a second, which are the start time's clock ticks: {@code USER_HZ} is 100 on
     * every architecture the JDK runs Linux on.
     */
    @Override
    public OptionalLong startTimeNow() {
        try {
            return hundredths(KernelFile.readRecord(UPTIME, 64));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The first field of a {@code /proc/uptime} line, {@code "22622.92 20201.92\n"}, in hundredths; empty when cut. */
    static OptionalLong hundredths(byte[] uptime) {
        int dot = 0;
        while (dot < uptime.length && uptime[dot] != '.') {
            dot++;
        }
        if (dot + 3 > uptime.length) {
            return OptionalLong.empty();
        }
        long seconds = ProcStat.number(uptime, 0, dot);
        long fraction = ProcStat.number(uptime, dot + 1, dot + 3);
        return seconds < 0 || fraction < 0 || seconds > Long.MAX_VALUE / 100 ? OptionalLong.empty()
                : OptionalLong.of(seconds * 100 + fraction);
    }

    /**
     * The last field of a {@code /proc/loadavg} line, {@code "0.52 0.58 0.59 2/345 12345\n"}: the pid the kernel
     * handed out last. Read from the bytes, as {@link ProcStat} reads a stat line: no string, {@code trim} or
     * {@code parseLong} per scope (BENCHMARKS.md, fourteenth session). Empty when the field is not a number.
     */
    static OptionalLong lastField(byte[] loadavg) {
        int end = loadavg.length;
        while (end > 0 && (loadavg[end - 1] & 0xFF) <= ' ') {
            end--;
        }
        int start = end;
        while (start > 0 && loadavg[start - 1] >= '0' && loadavg[start - 1] <= '9') {
            start--;
        }
        long pid = start > 0 && loadavg[start - 1] != ' ' ? -1 : ProcStat.number(loadavg, start, end);
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    @Override
    public List<Long> allPids() {
        // File.list, not a DirectoryStream with a glob: a sixth of the CPU for the same listing (BENCHMARKS.md);
        // an unreadable /proc lists nothing, which callers treat as "nothing found"
        String[] entries = KernelFile.list(PROC);
        List<Long> pids = new ArrayList<>(entries == null ? 0 : entries.length);
        if (entries != null) {
            for (String entry : entries) {
                if (!entry.isEmpty() && Character.isDigit(entry.charAt(0))) {
                    try {
                        pids.add(Long.parseLong(entry));
                    } catch (NumberFormatException e) {
                        // not a process
                    }
                }
            }
        }
        return pids;
    }

    @Override
    public Optional<Boolean> listensOnLoopback(int port, ProcessIdentity process) {
        return PortListeners.listens(this, port, process);
    }

    @Override
    public Optional<String> loopbackListener(int port) {
        return PortListeners.oldestHolder(this, port);
    }

    @Override
    public String commandLine(long pid) {
        try {
            byte[] raw = KernelFile.read(PROC.resolve(Long.toString(pid)).resolve("cmdline"), 256);
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    @Override
    public Optional<ProcessActivity> activity(long pid) {
        return ThreadStates.observe(PROC.resolve(Long.toString(pid)).resolve("task"));
    }

    @Override
    public boolean signal(long pid, String signalName) {
        return SignalSender.send(pid, signalName)
                || sendWithReserve(pid, signalName, () -> SignalSender.send(pid, signalName));
    }

    @Override
    public boolean signalChild(Process child, String signalName) {
        return child.isAlive() && (SignalSender.sendToChild(child, signalName)
                || child.isAlive() && sendWithReserve(child.pid(), signalName,
                        () -> SignalSender.sendToChild(child, signalName)));
    }

    @Override
    public <T> T openSparingly(Callable<T> action) throws IOException {
        try {
            return openGuarded(action);
        } catch (IOException e) {
            return DescriptorReserve.lend(action); // outside the guard: a lending inside it would wait for itself
        }
    }

    @Override
    public <T> T openGuarded(Callable<T> open) throws IOException {
        try (DescriptorReserve.Guard ignored = DescriptorReserve.guard()) {
            return OperatingSystem.super.openGuarded(open);
        }
    }

    /**
     * Sends again what the JDK did not: without the Java 22+ calls SIGTERM and SIGKILL go through it, and it reads
     * {@code /proc/<pid>/stat} before it signals; without a descriptor it finds no process and sends nothing. Tried
     * with the {@link DescriptorReserve}'s descriptor when the process is still there. Not for the other signals
     * there, which run {@code kill} (a launch needs several descriptors), nor with the Java 22+ calls, which signal
     * without one.
     */
    private static boolean sendWithReserve(long pid, String signalName, Callable<Boolean> send) {
        if (!SignalSender.goesThroughTheJdk(signalName) || !PROC.resolve(Long.toString(pid)).toFile().exists()) {
            return false;
        }
        try {
            return DescriptorReserve.lend(() -> {
                if (!send.call()) {
                    // the JDK found no process: another thread took the lent descriptor first, try again
                    throw new IOException("not sent");
                }
                return true;
            });
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code /proc/<pid>/stat}, parsed; empty when the process is gone.
     *
     * @throws IOException when the process is there but its file cannot be read, even with the reserve's descriptor
     */
    private static Optional<ProcStat> stat(long pid) throws IOException {
        return stat(pid, false);
    }

    private static Optional<ProcStat> stat(long pid, boolean likelyThere) throws IOException {
        return ProcStat.readUnlessGone(PROC.resolve(Long.toString(pid)).resolve("stat"), likelyThere);
    }

    /** {@link #stat}, empty also when unreadable: for the answers whose absence claims nothing. */
    private static Optional<ProcStat> statIfReadable(long pid) {
        return statIfReadable(pid, false);
    }

    /**
     * {@link #statIfReadable(long)}; for a process that is there nearly always ({@code likelyThere}) with one system
     * call less, and an exception made when it is gone after all ({@link ProcStat#readUnlessGone(Path, boolean)}).
     */
    private static Optional<ProcStat> statIfReadable(long pid, boolean likelyThere) {
        try {
            return stat(pid, likelyThere);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
