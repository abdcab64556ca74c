package dev.childproof.internal.reap;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PidNamespace;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.stop.RunDirectory;
import dev.childproof.internal.watchdog.OwnedDirectory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sweeps at the edges of a test run. At start-up: processes carrying the cookie of a test JVM that no longer
 * exists (left when even its watchdog was killed), cgroups of such runs (also when their JVM's pid now belongs
 * to a process started after one inside the cgroup), and their run directories. At the end of the run: everything of
 * this run still alive. Each ended process is reported in one line.
 */
public final class LeftoverSweep {

    private final OperatingSystem os;
    private final RunCookie run;
    private final Containment containment;
    private final Consumer<String> report;

    /**
     * A sweep.
     *
     * @param os the process table
     * @param run this run's cookie source (its processes are never leftovers of an earlier run)
     * @param containment this run's cgroups (earlier runs' cgroups are its siblings)
     * @param report where the one-line reports go
     */
    public LeftoverSweep(OperatingSystem os, RunCookie run, Containment containment, Consumer<String> report) {
        this.os = os;
        this.run = run;
        this.containment = containment;
        this.report = report;
    }

    /**
     * Ends processes of earlier runs whose test JVM is gone. A cookie names its JVM's pid; that JVM is gone when
     * nothing runs at the pid, or when what runs there started after the leftover (a reused pid cannot be the
     * parent of an older process). Each is ended with every descendant it has, cookie or not. A process of another
     * pid namespace is left alone: the pid its cookie names is one of that namespace.
     *
     * @return the processes ended
     */
    public List<ProcessIdentity> endEarlierRuns() {
        List<ProcessIdentity> ended = new ArrayList<>();
        if (!os.readsEnvironments()) {
            return ended; // no cookie can be read here
        }
        long self = ProcessHandle.current().pid();
        for (long pid : os.allPids()) {
            if (pid == self) {
                continue;
            }
            Optional<String> cookie = os.environmentVariable(pid, ChildEnvironment.COOKIE);
            if (cookie.isEmpty() || run.isOurs(cookie.get())) {
                continue;
            }
            Optional<Long> jvm = RunCookie.issuingJvm(cookie.get());
            if (inAnotherPidNamespace(pid)) {
                continue; // its cookie names a JVM by a pid of that namespace (a sandbox's, a container's)
            }
            Optional<ProcessIdentity> leftover = ProcessIdentity.of(os, pid);
            if (jvm.isEmpty() || leftover.isEmpty() || !isGone(jvm.get(), leftover.get())) {
                continue;
            }
            // its tree first: once it is dead its children are orphans no walk finds, and one that cleared its
            // environment carries no cookie for this scan (without a cgroup nothing else would end it: its run's
            // watchdog may have died with the JVM, or have found the leftover gone, ended here, before its own walk)
            for (ProcessIdentity member : ProcessTree.snapshot(os, leftover.get()).members()) {
                String command = os.commandLine(member.pid());
                if (member.signal(os, "KILL")) {
                    ended.add(member);
                    report.accept("childproof: ended pid " + member.pid() + " (" + command + "), left by an earlier"
                            + " test run whose JVM (pid " + jvm.get() + ") is gone");
                }
            }
        }
        endEarlierCgroups();
        return ended;
    }

    /** Whether a process is known to run in a pid namespace other than this JVM's. */
    private static boolean inAnotherPidNamespace(long pid) {
        Optional<String> own = PidNamespace.ofThisProcess();
        Optional<String> its = PidNamespace.of(pid);
        return own.isPresent() && its.isPresent() && !own.equals(its);
    }

    private boolean isGone(long jvmPid, ProcessIdentity leftover) {
        OptionalLong jvmStart = os.startTime(jvmPid);
        return jvmStart.isEmpty() || os.isGone(jvmPid) || jvmStart.getAsLong() > leftover.startTime();
    }

    /**
     * Whether the JVM that made a cgroup is gone: nothing runs at the pid its name gives, or what runs there started
     * after a process inside the cgroup (a JVM starts before every process it launches, so that pid was reused).
     * Start times are compared as the kernel counts them, clock ticks since boot, which no change of the wall clock
     * moves. The cgroup of a live pid with nothing inside is left alone.
     */
    private boolean isGone(long jvmPid, CgroupTree cgroup) {
        if (os.isGone(jvmPid)) {
            return true;
        }
        for (long pid : cgroup.pids()) {
            Optional<ProcessIdentity> inside = ProcessIdentity.of(os, pid);
            if (inside.isPresent() && isGone(jvmPid, inside.get())) {
                return true;
            }
        }
        return false;
    }

    private void endEarlierCgroups() {
        Optional<CgroupTree> ours = containment.runCgroup();
        Optional<CgroupTree> parent = containment.parent();
        if (parent.isEmpty()) {
            return;
        }
        for (CgroupTree sibling : parent.get().children()) {
            String name = sibling.dir().getFileName().toString();
            if (!name.startsWith(Containment.PREFIX)
                    || ours.filter(run -> run.dir().equals(sibling.dir())).isPresent()) {
                continue;
            }
            String[] parts = name.split("\\.");
            // a run of another pid namespace (a sandbox or container that shares the cgroup tree) names its JVM by a
            // pid of that namespace, which here is another process or none: not this sweep's to judge
            if (parts.length > 3 && !PidNamespace.ofThisProcess().equals(Optional.of(parts[3]))) {
                continue;
            }
            long jvmPid;
            try {
                jvmPid = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                continue;
            }
            // another user's run (this JVM is not root): its processes cannot be signalled, nor its cgroup emptied
            if (!Files.isWritable(sibling.procsFile()) || !isGone(jvmPid, sibling)) {
                continue;
            }
            List<Long> inside = sibling.killAll(os);
            Containment.awaitEmpty(sibling);
            Set<Long> left = new HashSet<>(sibling.pids());
            for (long pid : inside) {
                if (!left.contains(pid)) { // not one the system refused to signal
                    report.accept("childproof: ended pid " + pid + ", left in the cgroup of an earlier test run whose"
                            + " JVM (pid " + jvmPid + ") is gone");
                }
            }
            sibling.remove();
        }
    }

    /**
     * Removes the run directories ({@link RunDirectory}) that test JVMs now gone left in the temporary directory,
     * killed together with their watchdog; reported in one line. A directory's name gives the JVM that made it; it
     * is left when that JVM has ended, or its pid names a later process (another start time). Judged are only
     * directories whose name gives this JVM's pid namespace (a pid of another one, a sandbox's or a container's that
     * shares the temporary directory, means nothing here) and that this user owns; a link is never followed, and
     * names without their maker (made by an older version) are left alone.
     *
     * @param tmp the temporary directory
     * @return the directories removed
     */
    public List<Path> removeEarlierRunDirectories(Path tmp) {
        List<Path> removed = new ArrayList<>();
        Optional<RunDirectory.Maker> self = RunDirectory.Maker.thisJvm();
        if (self.isEmpty()) {
            return removed; // no pid this JVM could judge by
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, RunDirectory.PREFIX + "*")) {
            int user = (Integer) Files.getAttribute(Paths.get("/proc", "self"), "unix:uid");
            for (Path entry : entries) {
                Optional<RunDirectory.Maker> maker = RunDirectory.Maker.of(entry.getFileName().toString());
                if (maker.isEmpty() || !maker.get().pidNamespace().equals(self.get().pidNamespace())
                        || !os.hasEnded(maker.get().pid(), maker.get().startTime())) {
                    continue;
                }
                // a directory itself, not a link to one; removed only while the path leads to it
                Optional<OwnedDirectory> left = OwnedDirectory.of(entry).filter(dir -> dir.owner() == user);
                if (left.isPresent() && left.get().remove()) {
                    removed.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the temporary directory cannot be listed: nothing is removed
        }
        if (!removed.isEmpty()) {
            report.accept("childproof: removed " + removed.size() + (removed.size() == 1 ? " run directory" : " run"
                    + " directories") + " in " + tmp + ", left by earlier test runs whose JVMs are gone");
        }
        return removed;
    }

    /**
     * Ends everything of this run still alive: launched processes with their trees, what carries the run's cookie,
     * what is in the run's cgroup, and adopted orphans.
     *
     * @return the processes ended
     */
    public List<ProcessIdentity> endThisRun(LaunchRegistry registry, Adoption adoption) {
        // in passes, as the scopes' sweep: what the processes ended here forked meanwhile is found by the next
        List<ProcessIdentity> ended = new ArrayList<>(SweepPasses.untilNothingNew(endedBefore -> {
            List<ProcessIdentity> signalled = new ArrayList<>();
            for (ProcessIdentity id : aliveOfThisRun(registry, adoption)) {
                if (endedBefore.contains(id)) {
                    id.signal(os, "KILL"); // not dead yet; reported already
                    continue;
                }
                String command = os.commandLine(id.pid());
                if (id.signal(os, "KILL")) {
                    signalled.add(id);
                    report.accept("childproof: ended pid " + id.pid() + " (" + command + "), still running at the"
                            + " end of the test run");
                }
            }
            return signalled;
        }));
        containment.runCgroup().ifPresent(c -> c.killAll(os));
        ProcessTree.of(os, ended).awaitGone(Duration.ofSeconds(5));
        adoption.reap(ended);
        return ended;
    }

    /** Launched processes with their trees, what carries the run's cookie, the run's cgroup, adopted orphans. */
    private Set<ProcessIdentity> aliveOfThisRun(LaunchRegistry registry, Adoption adoption) {
        Set<ProcessIdentity> alive = new LinkedHashSet<>();
        for (LaunchRecord record : registry.live()) {
            alive.addAll(ProcessTree.snapshot(os, record.identity()).alive());
        }
        alive.addAll(CookieSweep.find(os, run::isOurs));
        containment.runCgroup().ifPresent(c -> c.pids().forEach(pid -> ProcessIdentity.of(os, pid)
                .ifPresent(alive::add)));
        for (ProcessIdentity id : adoption.recorded()) {
            if (id.isAlive(os)) {
                alive.add(id);
            }
        }
        return alive;
    }
}
