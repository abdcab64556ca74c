package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PidNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cgroup layer: where a cgroup2 hierarchy is writable, this run gets a cgroup
 * ({@code childproof.<jvm pid>.<run id>.<pid namespace>} next to the test JVM's own; without the last part where the
 * namespace cannot be read) and each launched process a child of it of its
 * own. A shell script joins it as its first act ({@link #joinFirst}); any other program is moved in the moment
 * {@code start()} returns, on a thread of its own ({@link #moveIn}, {@link CgroupMoves}). Everything it forks from
 * then on stays inside, whatever its environment or title. Elsewhere this layer is off and commands run unchanged.
 *
 * <p>A process's cgroup is found by its cookie ({@link #cgroupOf}) until {@link #endAll} has emptied it; then the
 * handle given out for it is retired (it sees nothing more) and the cgroup is kept for a later launch, instead of an
 * {@code rmdir} now and a {@code mkdir} then (0.05 and 0.07 ms measured on a small VM; an empty cgroup stays empty,
 * since only a process inside can fork into it). So the price is one write after the launch for non-shell programs
 * (0.05–0.19 ms), a {@code mkdir} only while more processes run at once than ever before, and one read of
 * {@code cgroup.events} at cleanup (see BENCHMARKS.md); the earlier {@code sh} wrapper cost 2.5–3 ms. On a cgroup2
 * mount without {@code favordynmods}, though, the kernel makes the write wait for an RCU grace period when no move
 * happened lately (7–16 ms measured with {@code src/bench/c/cgroup_move.c}): the write takes a global lock for
 * writing whose first taker after a quiet spell waits for one. No way around it from Java: a child is born in its
 * parent's cgroup, and the JDK cannot spawn into another ({@code CLONE_INTO_CGROUP}, which takes no such lock). So
 * the launch does not wait for the move: the program runs during the wait whoever waits, and is moved at the same
 * moment; nor does a stop ({@link #isMovePending}: a tree taken before the move is read from the process table as
 * well), and the cleanup of a program still running has the move made first ({@link CgroupMoves#settle}). README
 * says what users can do. Configuration key {@code childproof.cleanup.cgroup=off} turns the layer off for the processes
 * of a run; the other layers (process tree, cookie sweep, subreaper on Java 22+, watchdog) still apply, but a
 * descendant that both leaves the tree and clears its environment is then only caught on Java 22+ (by the subreaper) or
 * not at all on Java 17–21.
 */
public final class Containment {

    /** The prefix of every run cgroup's name. */
    public static final String PREFIX = "childproof.";

    /** The name of this run's cgroup. */
    static final String RUN_NAME = PREFIX + ProcessHandle.current().pid() + "." + RunCookie.current().runId()
            + PidNamespace.ofThisProcess().map(ns -> "." + ns).orElse("");
    private static final Containment INSTANCE = new Containment(OperatingSystem.current().isPosix()
            ? CgroupTree.ofThisProcess() : Optional.empty(), RUN_NAME);
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ksh", "zsh", "ash");
    /** Emptied cgroups kept for later launches at most; more are removed (a burst of parallel tests). */
    static final int KEPT = 32;

    private final Optional<CgroupTree> parent;
    private final String runName;
    /** The cgroup of each launch, by its cookie, from its launch until {@link #endAll} empties it. */
    private final Map<String, CgroupTree> assigned = new ConcurrentHashMap<>();
    private final CgroupMoves moves;
    /** Emptied cgroups, each a fresh handle, for later launches; at most {@link #KEPT}. */
    private final Deque<CgroupTree> kept = new ArrayDeque<>();
    private final AtomicLong made = new AtomicLong();
    private volatile Optional<CgroupTree> run;
    private volatile boolean tried;
    /** Whether a launch was made without a cgroup of its own; see {@link #launchedWithoutCgroup()}. */
    private volatile boolean uncontainedLaunch;

    /**
     * A containment whose run cgroup is made, on first use, under the given one.
     *
     * @param parent the test JVM's own cgroup, or empty to keep this layer off
     * @param runName the name of this run's cgroup
     */
    Containment(Optional<CgroupTree> parent, String runName) {
        this(parent, runName, new CgroupMoves());
    }

    /** A containment whose moves are made by the given mover (tests hold moves back with one of their own). */
    Containment(Optional<CgroupTree> parent, String runName, CgroupMoves moves) {
        this.parent = parent;
        this.runName = runName;
        this.moves = moves;
        this.run = Optional.empty();
    }

    /** The containment of this JVM (the cgroup is made once, on first launch). */
    public static Containment instance() {
        return INSTANCE;
    }

    /** A containment that is off, for tests of the other layers. */
    public static Containment off() {
        return new Containment(Optional.empty(), "");
    }

    private Optional<CgroupTree> run() {
        if (!tried) {
            synchronized (this) {
                if (!tried) {
                    run = parent.flatMap(p -> p.child(runName));
                    tried = true;
                }
            }
        }
        return run;
    }

    /** The cgroup the run cgroups of this and earlier runs are made in, when there is one. */
    public Optional<CgroupTree> parent() {
        return parent;
    }

    /** The run's cgroup, when this layer is on and a process was launched. */
    public Optional<CgroupTree> runCgroup() {
        return run;
    }

    /**
     * Notes a launch made without a cgroup of its own (the layer is off for it, or cgroups are not writable): an
     * orphan of its tree that cleared its environment can then be told from a stranger by nothing but its adoption.
     */
    public void launchedWithoutCgroup() {
        uncontainedLaunch = true;
    }

    /**
     * Whether every launch of this run so far was made in a cgroup of its own, so that an orphan of a launched tree
     * is known by its cgroup (or its cookie), and an adopted child in neither is a stranger: the test's own.
     */
    public boolean everyLaunchContained() {
        return parent.isPresent() && !uncontainedLaunch;
    }

    /** Whether launched processes are put in cgroups (makes the run's cgroup if not made yet). */
    public boolean isOn() {
        return run().isPresent();
    }

    /**
     * Gives a process about to be launched a cgroup of its own: one emptied by an earlier process, or a new one (a
     * cheap {@code mkdir}, no scan).
     *
     * @return the file the process joins it through, or empty when this layer is off or the cgroup cannot be made
     */
    public Optional<Path> prepare(String cookie) {
        Optional<CgroupTree> cgroup = take();
        cgroup.ifPresent(c -> assigned.put(cookie, c));
        return cgroup.map(CgroupTree::procsFile);
    }

    /**
     * Gives a pre-spawned launcher a cgroup, before its launch has a cookie ({@link #adopt} then names it).
     *
     * @return the cgroup, or empty when this layer is off or the cgroup cannot be made
     */
    public Optional<CgroupTree> prepareSpare() {
        return take();
    }

    /**
     * Makes a pre-spawned launcher's cgroup the cgroup of the launch it became, for {@link #cgroupOf} and
     * {@link #endAll}.
     */
    public void adopt(String cookie, CgroupTree cgroup) {
        assigned.put(cookie, cgroup);
    }

    private Optional<CgroupTree> take() {
        Optional<CgroupTree> run = run();
        if (run.isEmpty()) {
            return run;
        }
        synchronized (kept) {
            CgroupTree emptied = kept.pollFirst();
            if (emptied != null) {
                return Optional.of(emptied);
            }
        }
        return run.get().newChild("p" + made.incrementAndGet());
    }

    /**
     * Keeps an emptied cgroup for a later launch under a fresh handle: the one given out is retired first, so that
     * whoever still holds it (a process tree of the ended launch) never sees the next launch's processes through it.
     */
    private void keep(CgroupTree emptied) {
        emptied.retire();
        CgroupTree fresh = CgroupTree.at(emptied.dir());
        synchronized (kept) {
            if (kept.size() < KEPT) {
                kept.addLast(fresh);
                return;
            }
        }
        fresh.removeIfEmpty();
    }

    /**
     * The command line of a shell script that joins its cgroup as its first act, before the script runs, so not
     * even a descendant forked at once can be outside: {@code sh -c SCRIPT ...} (also {@code bash}, {@code dash},
     * {@code ksh}, {@code zsh}, {@code ash}) becomes {@code sh -c '{ echo $$ > PROCS; } 2>/dev/null; SCRIPT' ...},
     * the same process with no extra exec. Empty for every other command line.
     */
    public static Optional<List<String>> joinFirst(List<String> commandLine, Path procs) {
        if (commandLine.size() < 3 || !commandLine.get(1).equals("-c")
                || !SHELLS.contains(Paths.get(commandLine.get(0)).getFileName().toString())
                || procs.toString().indexOf('\'') >= 0) {
            return Optional.empty();
        }
        List<String> joined = new ArrayList<>(commandLine);
        joined.set(2, "{ echo $$ > '" + procs + "'; } 2>/dev/null; " + commandLine.get(2));
        return Optional.of(joined);
    }

    /**
     * Has a program that has just been launched moved into its cgroup, on the mover's thread ({@link CgroupMoves}),
     * and returns at once. What it forks before the move lands stays where it was born and is left to the other
     * layers (the process tree, read from the process table while the move is pending, the cookie sweep, the
     * subreaper). The JDK returns from {@code start()} once the program is
     * executing, so the window is the write's own time: a few hundred microseconds, or an RCU grace period where
     * the kernel makes the move wait for one (the program runs meanwhile, whoever waits); a JVM (a Java child)
     * forks nothing that early.
     *
     * @param cookie the launch's cookie, as given to {@link #prepare}
     * @param process the program
     * @param procs the file {@link #prepare} returned
     */
    public void moveIn(String cookie, Process process, Path procs) {
        moves.moveLater(cookie, process, procs);
    }

    /**
     * Moves a process into a cgroup now, on the calling thread. A process that has exited already needs no cgroup
     * (the write fails, and is ignored).
     */
    public static void join(long pid, Path procs) {
        try {
            CgroupTree.join(pid, procs); // one write through the file kept open since the cgroup's first move
        } catch (IOException | SecurityException e) {
            // gone already (ESRCH), or not movable: the other layers still apply
        }
    }

    /**
     * The cgroup of one launched process, from its launch until {@link #endAll} emptied it (or {@link #keepIfEmptied}
     * found it empty), at once: the process is inside once its move is made ({@link #isMovePending}), unless it
     * ended first.
     */
    public Optional<CgroupTree> cgroupOf(String cookie) {
        return Optional.ofNullable(assigned.get(cookie));
    }

    /**
     * Whether the move of a launched process into its cgroup is still to be made or under way: until it is made, the
     * process and what it forked are outside, where a look at its tree must read the process table.
     */
    public boolean isMovePending(String cookie) {
        return moves.isPending(cookie);
    }

    /**
     * Kills everything left in the cgroup of a launched process and keeps the emptied cgroup for a later launch.
     *
     * @return the pids that were still inside
     */
    public List<Long> endAll(OperatingSystem os, String cookie) {
        // the move of a process still running is made first; one that ended before its move is in no cgroup (the
        // move finds nothing to move), so a short-lived program's cleanup does not wait for a grace period
        moves.settle(cookie);
        CgroupTree cgroup = assigned.remove(cookie);
        if (cgroup == null) {
            // it was never launched, or never had a cgroup, or it was ended already
            return List.of();
        }
        if (!cgroup.isPopulated()) {
            // the usual case, in one read: the process and all it forked are gone
            keep(cgroup);
            return List.of();
        }
        List<Long> inside = cgroup.killAll(os);
        // an empty cgroup stays empty: only a process inside can fork into it
        awaitEmpty(cgroup);
        if (cgroup.isPopulated()) {
            // not emptied in time (a process stuck in the kernel): never handed out again; the run's end removes it
            cgroup.retire();
        } else {
            keep(cgroup);
        }
        return inside;
    }

    /**
     * Keeps the cgroup of a launched process for a later launch now, when nothing is left in it (the process ended,
     * and so did all it forked), as {@link #endAll} would at the end of its scope: a scope that runs many processes
     * one after the other then reuses one cgroup instead of holding one (and the two files of it kept open) for each
     * that ended. A cgroup still populated stays the process's, for {@link #endAll}.
     */
    public void keepIfEmptied(String cookie) {
        moves.settle(cookie);
        CgroupTree cgroup = assigned.get(cookie);
        // an empty cgroup stays empty, and only one of this and endAll removes it from the map
        if (cgroup != null && !cgroup.isPopulated() && assigned.remove(cookie, cgroup)) {
            keep(cgroup);
        }
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
        while (cgroup.isPopulated() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether a process is in this run's cgroup (so it is ours, whatever its environment says). */
    public boolean contains(long pid) {
        if (run.isEmpty()) {
            return false;
        }
        String name = "/" + run.get().dir().getFileName() + "/";
        return cgroupPath(Long.toString(pid)).filter(path -> path.contains(name)).isPresent();
    }

    /**
     * Whether a process is, or died, in a run cgroup made in this JVM's own cgroup: this run's, or that of a test JVM
     * this one started (a nested test run). Such a process was launched by a run, or descends from a launch; a
     * process in this JVM's own cgroup is not taken, even when that cgroup is itself a run's (this JVM launched by
     * another's Childproof).
     */
    public static boolean inRunCgroupBelowThisJvm(long pid) {
        String runs = RunCgroups.PATH_BELOW_THIS_JVM;
        return !runs.isEmpty() && cgroupPath(Long.toString(pid)).filter(path -> path.startsWith(runs)).isPresent();
    }

    /**
     * The cgroup2 path of a process (the {@code 0::} line of {@code /proc/<pid>/cgroup}, which a zombie keeps), or
     * empty when it is gone, unreadable or in no cgroup2.
     */
    private static Optional<String> cgroupPath(String pid) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", pid, "cgroup"))) {
                if (line.startsWith("0::")) {
                    return Optional.of(line.substring(3));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // gone or unreadable
        }
        return Optional.empty();
    }

    /** The start of the path of a run cgroup made in this JVM's own cgroup; empty where there is none. */
    private static final class RunCgroups {
        static final String PATH_BELOW_THIS_JVM = cgroupPath("self")
                .map(own -> (own.equals("/") ? "" : own) + "/" + PREFIX).orElse("");
    }

    /** The directory of the run cgroup, for the watchdog; empty until one is made. */
    public Optional<Path> runDirectory() {
        Optional<CgroupTree> made = run;
        return made == null ? Optional.empty() : made.map(CgroupTree::dir);
    }
}
