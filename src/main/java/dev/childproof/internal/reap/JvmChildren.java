package dev.childproof.internal.reap;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The test JVM's children that the test's own code started: every live child except those launched by Childproof,
 * their adopted descendants, processes carrying this run's cookie or sitting in its cgroup, and the watchdog. Scans
 * the process table, so it runs only for {@code @DetectProcessLeaks}.
 */
public final class JvmChildren {

    private final OperatingSystem os;
    private final long self;

    /**
     * Children of a process.
     *
     * @param os the process table
     * @param self the parent (the test JVM)
     */
    public JvmChildren(OperatingSystem os, long self) {
        this.os = os;
        this.self = self;
    }

    /** The live children not started by Childproof, now. */
    public List<ProcessIdentity> notOurs() {
        Set<Long> helpers = EscapeSweep.helperPids();
        Set<ProcessIdentity> adopted = Set.copyOf(Adoption.instance().recorded());
        Set<Long> launched = new HashSet<>();
        LaunchRegistry.instance().live().forEach(r -> launched.add(r.identity().pid()));
        RunCookie run = RunCookie.current();
        List<ProcessIdentity> children = new ArrayList<>();
        for (long pid : os.allPids()) {
            OptionalLong parent = os.parentPid(pid);
            if (parent.isEmpty() || parent.getAsLong() != self || helpers.contains(pid) || launched.contains(pid)
                    || os.isGone(pid)) {
                continue;
            }
            if (os.environmentVariable(pid, ChildEnvironment.COOKIE)
                    .filter(run::isOurs).isPresent() || Containment.instance().contains(pid)) {
                continue;
            }
            ProcessIdentity.of(os, pid).filter(id -> !adopted.contains(id)).ifPresent(children::add);
        }
        return children;
    }
}
