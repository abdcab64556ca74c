package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cgroup layer: where a cgroup2 hierarchy is writable, this run gets a cgroup
 * ({@code childproof.<jvm pid>.<run id>} next to the test JVM's own) and each launched process a child of it named
 * after its cookie's number, which the process joins before it executes its program. Everything it ever forks
 * stays inside, whatever its environment or title. Elsewhere this layer is off and commands run unchanged.
 */
public final class Containment {

    /** The prefix of every run cgroup's name. */
    public static final String PREFIX = "childproof.";

    private static final Containment INSTANCE = create(OperatingSystem.current());

    private final Optional<CgroupTree> run;

    Containment(Optional<CgroupTree> run) {
        this.run = run;
    }

    /** The containment of this JVM (the cgroup is made once, on first use). */
    public static Containment instance() {
        return INSTANCE;
    }

    /** A containment that is off, for tests of the other layers. */
    public static Containment off() {
        return new Containment(Optional.empty());
    }

    private static Containment create(OperatingSystem os) {
        if (!os.isPosix()) {
            return off();
        }
        RunCookie cookie = RunCookie.current();
        Optional<CgroupTree> run = CgroupTree.ofThisProcess()
                .flatMap(own -> own.child(PREFIX + ProcessHandle.current().pid() + "." + cookie.runId()));
        return new Containment(run);
    }

    /** The run's cgroup, when this layer is on. */
    public Optional<CgroupTree> runCgroup() {
        return run;
    }

    /** Whether launched processes are put in cgroups. */
    public boolean isOn() {
        return run.isPresent();
    }

    /**
     * The command line that puts the process in its own cgroup before it executes the given one: {@code sh} writes
     * its pid to the cgroup and then {@code exec}s the command in the same process (so the pid is the command's).
     * Unchanged when this layer is off or the cgroup cannot be made. A cheap {@code mkdir}, no scan.
     */
    public List<String> wrap(List<String> commandLine, String cookie) {
        Optional<CgroupTree> own = run.flatMap(r -> r.child(cgroupName(cookie)));
        if (own.isEmpty() || !Files.isExecutable(Paths.get("/bin/sh"))) {
            return commandLine;
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add("/bin/sh");
        wrapped.add("-c");
        wrapped.add("{ echo $$ > \"$0\"; } 2>/dev/null; exec \"$@\"");
        wrapped.add(own.get().procsFile().toString());
        wrapped.addAll(commandLine);
        return wrapped;
    }

    /** The cgroup of one launched process, when this layer is on. */
    public Optional<CgroupTree> cgroupOf(String cookie) {
        return run.map(r -> CgroupTree.at(r.dir().resolve(cgroupName(cookie))))
                .filter(c -> Files.isDirectory(c.dir()));
    }

    /**
     * Kills everything left in the cgroup of a launched process and removes the cgroup.
     *
     * @return the pids that were still inside
     */
    public List<Long> endAll(OperatingSystem os, String cookie) {
        Optional<CgroupTree> cgroup = cgroupOf(cookie);
        if (cgroup.isEmpty()) {
            return List.of();
        }
        List<Long> inside = cgroup.get().killAll(os);
        awaitEmpty(cgroup.get());
        cgroup.get().remove();
        return inside;
    }

    /** Kills everything left in the run's cgroup and removes it (end of the run). */
    public List<Long> endRun(OperatingSystem os) {
        if (run.isEmpty()) {
            return List.of();
        }
        List<Long> inside = run.get().killAll(os);
        awaitEmpty(run.get());
        run.get().remove();
        return inside;
    }

    static void awaitEmpty(CgroupTree cgroup) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!cgroup.pids().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String cgroupName(String cookie) {
        return "p" + cookie.substring(cookie.lastIndexOf('.') + 1);
    }

    /** Whether a process is in this run's cgroup (so it is ours, whatever its environment says). */
    public boolean contains(long pid) {
        if (run.isEmpty()) {
            return false;
        }
        try {
            String name = run.get().dir().getFileName().toString();
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "cgroup"))) {
                if (line.startsWith("0::") && line.contains("/" + name + "/")) {
                    return true;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // gone or unreadable: not known to be ours
        }
        return false;
    }

    /** The directory of the run cgroup, for the watchdog. */
    public Optional<Path> runDirectory() {
        return run.map(CgroupTree::dir);
    }
}
