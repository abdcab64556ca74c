package dev.childproof.internal.reap;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What runs after a scope's processes went down the ladder: ends what escaped their trees, layer by layer, and reaps
 * what the JVM adopted. Each layer only touches processes that are provably of this scope:
 * <ol>
 * <li>cookie: a process whose {@code CHILDPROOF_COOKIE} is one of the scope's;</li>
 * <li>cgroup (where writable): everything in the cgroup of one of the scope's processes;</li>
 * <li>subreaper (Java 22+): an orphan the JVM adopted, with one of the scope's cookies, or with none when no
 * process of another scope is running (otherwise it is left to the end of the run).</li>
 * </ol>
 */
public final class EscapeSweep {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final OperatingSystem os;
    private final Containment containment;
    private final Adoption adoption;
    private final LaunchRegistry registry;

    EscapeSweep(OperatingSystem os, Containment containment, Adoption adoption, LaunchRegistry registry) {
        this.os = os;
        this.containment = containment;
        this.adoption = adoption;
        this.registry = registry;
    }

    /** The sweep of this JVM. */
    public static EscapeSweep of(OperatingSystem os) {
        return new EscapeSweep(os, Containment.instance(), Adoption.instance(), LaunchRegistry.instance());
    }

    /**
     * Ends whatever of a scope's processes is left anywhere, and reaps what the JVM adopted.
     *
     * @param cookies the cookies of the scope's launched processes
     * @param trees their trees as last known (members other than the roots may be adopted zombies now)
     * @param createdAfter {@link OperatingSystem#lastCreatedPid()} read before the scope's first launch, or -1
     *     (see {@link PidWindow})
     * @return the processes ended here (escapees)
     */
    public List<ProcessIdentity> afterScope(Set<String> cookies, Collection<ProcessTree> trees, long createdAfter) {
        Set<ProcessIdentity> ended = new LinkedHashSet<>(CookieSweep.end(os, cookies::contains, createdAfter,
                pid -> registry.isLaunchOfAnother(pid, cookies)));
        for (String cookie : cookies) {
            containment.endAll(os, cookie).forEach(pid -> ProcessIdentity.of(os, pid).ifPresent(ended::add));
        }
        if (adoption.isSubreaper()) {
            Set<Long> launchedPids = new HashSet<>();
            Set<String> othersRunning = new HashSet<>();
            for (LaunchRecord record : registry.live()) {
                launchedPids.add(record.identity().pid());
                if (!cookies.contains(record.cookie()) && record.identity().isAlive(os)) {
                    othersRunning.add(record.cookie());
                }
            }
            trees.forEach(t -> launchedPids.add(t.root().pid()));
            // in passes, as the cookie sweep: the children of an orphan ended here are orphans next
            ended.addAll(SweepPasses.untilNothingNew(endedBefore -> {
                List<ProcessIdentity> signalled = new ArrayList<>();
                for (ProcessIdentity orphan : adoption.findAdopted(launchedPids, HelperProcesses.pids())) {
                    Optional<String> cookie = os.environmentVariable(orphan.pid(), ChildEnvironment.COOKIE);
                    // one without a cookie is a launched tree's only where a launch had no cgroup (one in a cgroup
                    // was ended with it above); where each had one, it is a daemon the test's own code started
                    boolean ours = cookie.map(cookies::contains)
                            .orElse(othersRunning.isEmpty() && !containment.everyLaunchContained());
                    if (ours && orphan.signal(os, "KILL")) {
                        signalled.add(orphan);
                    }
                }
                return signalled;
            }));
        }
        ProcessTree.of(os, new ArrayList<>(ended)).awaitGone(GRACE);
        if (adoption.isSubreaper()) {
            // only a subreaper has children the JDK does not wait for; without one, no cgroup is read again here
            List<ProcessIdentity> reapable = new ArrayList<>(ended);
            for (ProcessTree tree : trees) {
                List<ProcessIdentity> members = tree.members();
                reapable.addAll(members.subList(1, members.size()));
            }
            adoption.reap(reapable);
        }
        return new ArrayList<>(ended);
    }
}
