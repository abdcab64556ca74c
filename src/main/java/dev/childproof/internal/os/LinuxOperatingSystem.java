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

/** Linux: everything read from {@code /proc}, which is cheap and exact. */
final class LinuxOperatingSystem implements OperatingSystem {

    private static final Path PROC = Paths.get("/proc");
    private static final Path LOADAVG = PROC.resolve("loadavg");
    /** Whether this kernel lists each thread's children ({@code CONFIG_PROC_CHILDREN}, Linux 3.5 and later). */
    private static final boolean CHILDREN_LISTED = Files.exists(PROC.resolve("self").resolve("task")
            .resolve(Long.toString(ProcessHandle.current().pid())).resolve("children"));

    @Override
    public boolean isPosix() {
        return true;
    }

    @Override
    public OptionalLong startTime(long pid) {
        return stat(pid)
                .map(stat -> OptionalLong.of(stat.startTime()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public boolean isGone(long pid) {
        return stat(pid)
                .map(stat -> stat.state() == 'Z' || stat.state() == 'X')
                .orElse(true);
    }

    @Override
    public boolean isRunning(long pid, long startTime) {
        return stat(pid)
                .map(stat -> stat.startTime() == startTime && stat.state() != 'Z' && stat.state() != 'X')
                .orElse(false);
    }

    @Override
    public boolean isSuspended(long pid) {
        // the main thread's state: a SIGSTOP stops every thread of the process
        return stat(pid)
                .map(stat -> stat.state() == 'T')
                .orElse(false);
    }

    @Override
    public OptionalLong parentPid(long pid) {
        return stat(pid)
                .map(stat -> OptionalLong.of(stat.parentPid()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public Set<Long> awaitedChildren() {
        return AwaitedChildren.now();
    }

    @Override
    public OptionalLong sessionId(long pid) {
        return stat(pid)
                .map(stat -> OptionalLong.of(stat.sessionId()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public Optional<String> environmentVariable(long pid, String name) {
        byte[] environ = KernelFile.readIfPresent(PROC.resolve(Long.toString(pid)).resolve("environ"), 4096);
        if (environ == null) {
            return Optional.empty();
        }
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                // compared as bytes: no string per entry of every process probed (names here are ASCII)
                if (KernelFile.startsWith(environ, start, i, name, '=')) {
                    int value = start + name.length() + 1;
                    return Optional.of(new String(environ, value, i - value, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Long> childrenOf(long pid) {
        List<Long> children = new ArrayList<>();
        Path taskDirectory = PROC.resolve(Long.toString(pid)).resolve("task");
        // File.list rather than a DirectoryStream: fewer methods and objects per listing (see allPids)
        String[] tasks = taskDirectory.toFile().list();
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
            // "0.52 0.58 0.59 2/345 12345": the last field is the pid the kernel handed out last
            String loadavg = new String(KernelFile.read(LOADAVG, 64), StandardCharsets.US_ASCII).trim();
            return OptionalLong.of(Long.parseLong(loadavg.substring(loadavg.lastIndexOf(' ') + 1)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public List<Long> allPids() {
        // File.list, not a DirectoryStream with a glob: a sixth of the CPU for the same listing (BENCHMARKS.md);
        // an unreadable /proc lists nothing, which callers treat as "nothing found"
        String[] entries = PROC.toFile().list();
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
        return PortListeners.firstHolder(this, port);
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
        return SignalSender.send(pid, signalName);
    }

    /** {@code /proc/<pid>/stat}, parsed; empty when the process is gone or unreadable. */
    private static Optional<ProcStat> stat(long pid) {
        return ProcStat.readIfPresent(PROC.resolve(Long.toString(pid)).resolve("stat"));
    }
}
