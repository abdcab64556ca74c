package dev.childproof.internal.reap;

import dev.childproof.internal.Timeouts;
import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A process and its descendants. Where the root has a cgroup of its own, the cgroup is the tree: read each time
 * it is asked (a process cannot leave it without the right to write another cgroup's {@code cgroup.procs}, as root
 * has, so nothing is lost by not reading it earlier, and one read of {@code cgroup.events} tells an empty one), until
 * cleanup found it empty and retired it for a later launch.
 * Elsewhere, where the root's move into its cgroup is still to be made, and for a look that must also find what is
 * outside the cgroup ({@link #snapshotWithTable}), identities taken from the process table while they were alive:
 * descendants must be taken before the root dies, since once it does they are re-parented and no longer found under
 * it.
 */
public final class ProcessTree {

    private final OperatingSystem os;
    private final Set<ProcessIdentity> members;
    private final Optional<CgroupTree> cgroup;

    private ProcessTree(OperatingSystem os, Set<ProcessIdentity> members) {
        this(os, members, Optional.empty());
    }

    private ProcessTree(OperatingSystem os, Set<ProcessIdentity> members, Optional<CgroupTree> cgroup) {
        this.os = os;
        this.members = members;
        this.cgroup = cgroup;
    }

    /**
     * The root and every descendant alive now: from the root's cgroup where it has one, else from the process
     * table (only while the root lives; afterwards its descendants are no longer found under it); from both while
     * the root's move into its cgroup is still to be made (the snapshot does not wait for it: a stop soon after the
     * launch).
     */
    public static ProcessTree snapshot(OperatingSystem os, ProcessIdentity root) {
        return snapshot(os, root, LaunchRegistry.instance().cookieOf(root), Containment.instance(), false);
    }

    /**
     * As {@link #snapshot(OperatingSystem, ProcessIdentity)}, and from the process table too where the root's cgroup
     * holds it: a program other than a shell script is moved into its cgroup after it started, so what it forked
     * before the move landed is outside the cgroup, and found this way while it is still under the root. The walk
     * reads a children list per thread of each member (BENCHMARKS.md, ninth session), so it is for looks off a test's
     * common path: a stop request that went unheeded, a kill.
     */
    public static ProcessTree snapshotWithTable(OperatingSystem os, ProcessIdentity root) {
        return snapshot(os, root, LaunchRegistry.instance().cookieOf(root), Containment.instance(), true);
    }

    /**
     * {@link #snapshot(OperatingSystem, ProcessIdentity)} of a launch with the given cookie, in a containment; with
     * {@code withTable}, {@link #snapshotWithTable(OperatingSystem, ProcessIdentity)}.
     */
    static ProcessTree snapshot(OperatingSystem os, ProcessIdentity root, Optional<String> cookie,
            Containment containment, boolean withTable) {
        Set<ProcessIdentity> members = new LinkedHashSet<>();
        members.add(root);
        Optional<CgroupTree> cgroup = cookie.flatMap(containment::cgroupOf);
        boolean walk = withTable || cgroup.isEmpty() || containment.isMovePending(cookie.get());
        if (walk && root.isAlive(os)) {
            // a cgroup holds what the root forked once inside, even after the root died, so it is read when asked
            for (long descendant : os.descendantsOf(root.pid())) {
                ProcessIdentity.of(os, descendant).ifPresent(members::add);
            }
        }
        return new ProcessTree(os, members, cgroup);
    }

    /** Processes known by identity, as a tree without a root of its own (for waiting on them). */
    public static ProcessTree of(OperatingSystem os, List<ProcessIdentity> identities) {
        return new ProcessTree(os, new LinkedHashSet<>(identities));
    }

    /** Adds the members of a later snapshot (descendants born since), keeping those already known. */
    public ProcessTree merge(ProcessTree later) {
        Set<ProcessIdentity> merged = new LinkedHashSet<>(members);
        merged.addAll(later.members);
        return new ProcessTree(os, merged, cgroup.isPresent() ? cgroup : later.cgroup);
    }

    /** Adds processes found another way (an escaped daemon found by its cookie). */
    public ProcessTree with(List<ProcessIdentity> more) {
        Set<ProcessIdentity> merged = new LinkedHashSet<>(members);
        merged.addAll(more);
        return new ProcessTree(os, merged, cgroup);
    }

    /** Members still alive. */
    public List<ProcessIdentity> alive() {
        List<ProcessIdentity> alive = new ArrayList<>();
        for (ProcessIdentity member : members()) {
            if (member.isAlive(os)) {
                alive.add(member);
            }
        }
        return alive;
    }

    /**
     * Sends a signal to every member that is still the recorded process.
     *
     * @return the members the system refused it (still running after the attempt): a process that runs as another
     *     user (a setuid program such as {@code sudo} or {@code su}) cannot be signalled by a test JVM without
     *     privileges
     */
    public List<ProcessIdentity> signal(String signalName) {
        List<ProcessIdentity> refused = new ArrayList<>();
        for (ProcessIdentity member : members()) {
            if (!member.signal(os, signalName) && member.isKnownRunning(os)) {
                refused.add(member);
            }
        }
        return refused;
    }

    /**
     * SIGTERM to every member that is still the recorded process, and then SIGCONT to each that is stopped (SIGSTOP,
     * SIGTSTP), as {@code kill} and systemd do: a stopped process keeps a SIGTERM pending and would only die of the
     * SIGKILL a kill timeout later. Only the members read as stopped get SIGCONT, so that no other process gets one
     * it did not expect. One read of the members for both.
     *
     * @return the members the system refused the SIGTERM, as {@link #signal} says
     */
    public List<ProcessIdentity> terminate() {
        List<ProcessIdentity> refused = new ArrayList<>();
        for (ProcessIdentity member : members()) {
            if (!member.signal(os, "TERM")) {
                if (member.isKnownRunning(os)) {
                    refused.add(member);
                }
            } else if (os.isSuspended(member.pid())) {
                member.signal(os, "CONT");
            }
        }
        return refused;
    }

    /**
     * SIGKILL to every member; a stopped process dies of SIGKILL too. Where the root has a cgroup of its own, the
     * whole cgroup goes first in one write (everything in it is ours, and it is quicker than a signal each).
     *
     * @return the members the system refused the signal, as {@link #signal} says
     */
    public List<ProcessIdentity> kill() {
        cgroup.ifPresent(c -> c.killAll(os));
        return signal("KILL");
    }

    /**
     * Waits until every member is gone.
     *
     * @return whether they all went within the timeout
     */
    public boolean awaitGone(Duration timeout) {
        return awaitGone(timeout, List.of());
    }

    /**
     * Waits until every member but those given is gone: a member the system refused a signal will not go because
     * of it, and waiting for it would only hold the test up.
     *
     * @return whether they all went within the timeout
     */
    public boolean awaitGone(Duration timeout, List<ProcessIdentity> refused) {
        long deadline = System.nanoTime() + Timeouts.nanos(timeout);
        long pause = 1;
        while (true) {
            List<ProcessIdentity> alive = alive();
            alive.removeAll(refused);
            if (alive.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive().isEmpty();
            }
            pause = Math.min(pause * 2, 20);
        }
    }

    /**
     * This snapshot less its root, for a root whose exit the JDK has reported: the JDK reaped it, so no process is
     * that root any more, and a look at it would only read a missing {@code /proc} entry (one per test in a suite:
     * BENCHMARKS.md, twenty-sixth session). The root's cgroup, where it has one, stays the tree.
     */
    public ProcessTree withoutRoot() {
        if (members.isEmpty()) {
            return this;
        }
        Set<ProcessIdentity> rest = new LinkedHashSet<>(members);
        rest.remove(root());
        return new ProcessTree(os, rest, cgroup);
    }

    /** The first member known: the root of a snapshot (its cgroup is not read). */
    public ProcessIdentity root() {
        return members.iterator().next();
    }

    /** Every member known, alive or not, and whatever is in the root's cgroup now: the root first. */
    public List<ProcessIdentity> members() {
        if (cgroup.isEmpty()) {
            return List.copyOf(members);
        }
        Set<ProcessIdentity> all = new LinkedHashSet<>(members);
        for (long pid : cgroup.get().pids()) {
            ProcessIdentity.of(os, pid).ifPresent(all::add);
        }
        return List.copyOf(all);
    }

    /** Number of members known. */
    public int size() {
        return members().size();
    }
}
