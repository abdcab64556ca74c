package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * Reaps the zombies the test JVM inherits as a child subreaper (Java 22+ on Linux). The orphans of launched trees
 * are re-parented to the JVM, and the JDK waits only for the children it started, so an inherited process that dies
 * stays a zombie until the JVM exits: it keeps its pid, which a container's {@code pids.max} counts, and every later
 * look at the JVM's children reads it (after the cleanup benchmark had left 330, a suite of 500 tests took 26 times
 * as long as without). A zombie child is reaped, by its own pid, only when it is not one the JDK started, whose exit
 * status the JDK's reaper must get; known at once when
 * <ul>
 * <li>it was handed over by identity ({@link #handOver}: a member of a launched tree other than its root, an escapee,
 * an adopted orphan), or</li>
 * <li>it died in a run cgroup made in this JVM's own cgroup (a zombie keeps its {@code /proc/<pid>/cgroup}): this
 * run's, which holds no child this JVM's JDK started but Childproof's launches and pre-spawned launchers, excluded
 * by their {@link Process} until the JDK has reaped them (and while a spawn is in flight, its child not yet known,
 * nothing is taken this way); or that of a test JVM this one started and that died (a nested test run), whose
 * processes this JVM's JDK never started. Not one in this JVM's own cgroup, which the test's own children share
 * even when that cgroup is another run's.</li>
 * </ul>
 * Any other zombie among the children the JVM adopts ({@link OperatingSystem#adoptedChildren}: the main thread's) is
 * reaped when the watcher's next look finds it still there, 100 ms on: an orphan nobody saw alive, as a fork loop's
 * last child that exited on its own, or one the test's own processes left. That list holds no child the JDK started
 * where the main thread only waits for the JVM, as under the {@code java} launcher, and the JDK reaps each of its own
 * a moment after its exit, long before a second look.
 * <p>
 * Cleanup hands over what it ended and reaps what is a zombie child by then; the adoption watcher
 * ({@link Adoption}) looks every 100 ms for the rest: an orphan is re-parented only when its last ancestor below the
 * JVM dies, which can be after the cleanup's look, and a process that died before its parent is a zombie of that
 * parent, never listed in its cgroup, until the parent dies.
 */
public final class InheritedZombies {

    private static final InheritedZombies INSTANCE = new InheritedZombies(OperatingSystem.current(),
            ProcessHandle.current().pid(), () -> Adoption.instance().isSubreaper(),
            pid -> PosixCalls.instance().reap(pid).isPresent(), Containment::inRunCgroupBelowThisJvm);

    private final OperatingSystem os;
    private final long self;
    private final BooleanSupplier reaping;
    private final LongPredicate reap;
    private final LongPredicate diedInRunCgroup;
    /** Childproof's children the JDK started and has not reaped yet, by pid; kept only while this JVM reaps. */
    private final Map<Long, Process> startedByTheJdk = new ConcurrentHashMap<>();
    /** Processes known not to be the JDK's, to be reaped once they are zombie children of this JVM. */
    private final Set<ProcessIdentity> handedOver = ConcurrentHashMap.newKeySet();
    /** The zombies the last look found and left: reaped if the next finds them still (the watcher's only). */
    private volatile Set<ProcessIdentity> leftAtLastLook = Set.of();

    /**
     * A reaper.
     *
     * @param os the process table
     * @param self this JVM's pid
     * @param reaping whether this JVM reaps inherited zombies (it is a child subreaper)
     * @param reap reaps a zombie child by its pid ({@code waitpid(pid, WNOHANG)}); true when it did
     * @param diedInRunCgroup whether a process is, or died, in a run cgroup made in this JVM's own cgroup
     */
    InheritedZombies(OperatingSystem os, long self, BooleanSupplier reaping, LongPredicate reap,
            LongPredicate diedInRunCgroup) {
        this.os = os;
        this.self = self;
        this.reaping = reaping;
        this.reap = reap;
        this.diedInRunCgroup = diedInRunCgroup;
    }

    /** The reaper of this JVM. */
    public static InheritedZombies instance() {
        return INSTANCE;
    }

    /**
     * Notes a child the JDK started for Childproof (a launch, a pre-spawned launcher), which must be left to the
     * JDK's reaper; call before the spawn counts as ended ({@link SpawnsInFlight#end}). Nothing is kept where this JVM
     * is no subreaper: it then reaps nothing.
     */
    public void startedByTheJdk(Process process) {
        if (reaping.getAsBoolean()) {
            startedByTheJdk.put(process.pid(), process);
        }
    }

    /**
     * Hands over processes known not to be the JDK's children (ended members of launched trees other than their
     * roots, escapees, adopted orphans): each that is an ended child of this JVM now is reaped at once (one
     * {@code waitpid(pid)}, never -1), the rest when the watcher finds them so.
     *
     * @return the processes reaped now
     */
    public List<ProcessIdentity> handOver(Collection<ProcessIdentity> notStartedByTheJdk) {
        List<ProcessIdentity> reaped = new ArrayList<>();
        if (!reaping.getAsBoolean()) {
            return reaped;
        }
        for (ProcessIdentity id : notStartedByTheJdk) {
            long pid = id.pid();
            if (os.parentPid(pid).orElse(-1) == self && os.startTime(pid).orElse(-1) == id.startTime()
                    && !isTheJdks(pid) && reap.test(pid)) {
                reaped.add(id);
            } else {
                handedOver.add(id);
            }
        }
        return reaped;
    }

    /**
     * Reaps, among this JVM's children as just listed, each zombie known not to be the JDK's, and each the last look
     * left (see the class); forgets handed-over processes whose pid is gone or names another process now. One read
     * of each child's stat, and of a zombie's cgroup; nothing where this JVM is no subreaper. The watcher's alone:
     * what one look leaves, the next reaps.
     *
     * @param children the children this JVM may have adopted, as {@link OperatingSystem#adoptedChildren} listed them
     *     a moment ago
     * @return the processes reaped
     */
    List<ProcessIdentity> reapAmong(List<Long> children) {
        List<ProcessIdentity> reaped = new ArrayList<>();
        if (!reaping.getAsBoolean()) {
            return reaped;
        }
        startedByTheJdk.values().removeIf(process -> !process.isAlive());
        Set<ProcessIdentity> lastLook = leftAtLastLook;
        Set<ProcessIdentity> left = new HashSet<>();
        for (long pid : children) {
            if (!os.isGone(pid)) {
                continue; // running, or unknown: nothing to reap
            }
            OptionalLong start = os.startTime(pid);
            if (start.isPresent()) {
                ProcessIdentity zombie = new ProcessIdentity(pid, start.getAsLong());
                if (isReapable(zombie, lastLook) && reap.test(pid)) {
                    reaped.add(zombie);
                } else {
                    left.add(zombie);
                }
            }
        }
        leftAtLastLook = left;
        handedOver.removeIf(id -> os.startTime(id.pid()).orElse(-1) != id.startTime());
        return reaped;
    }

    /**
     * Whether a zombie child of this JVM is not one the JDK started: handed over, found by the last look already, or
     * dead in a run cgroup while no spawn is in flight; and, asked last (a child that was a spawn in flight is known
     * once its spawn has ended), none of Childproof's launches the JDK has not reaped, even if handed over (a launch
     * cleanup could not end in time is among what it ended).
     */
    private boolean isReapable(ProcessIdentity zombie, Set<ProcessIdentity> lastLook) {
        boolean notTheJdks = handedOver.remove(zombie) || lastLook.contains(zombie)
                || (SpawnsInFlight.noneNow() && diedInRunCgroup.test(zombie.pid()));
        return notTheJdks && !isTheJdks(zombie.pid());
    }

    /**
     * Whether a child of this JVM is one the JDK started for Childproof and has not reaped yet (a launch, a
     * pre-spawned launcher): its exit status is the JDK's to get, and a reap here would leave the JDK none.
     */
    boolean isTheJdks(long pid) {
        Process process = startedByTheJdk.get(pid);
        return (process != null && process.isAlive()) || HelperProcesses.pids().contains(pid);
    }
}
