package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The test JVM's children that the test's own code started: every live child except those launched by Childproof,
 * their adopted descendants, processes carrying this run's cookie or sitting in its cgroup, and the watchdog. Scans
 * the process table, so it runs only for {@code @DetectProcessLeaks}.
 */
public final class JvmChildren {

    /** How long a look waits for Childproof's spawns in flight: a spawn takes milliseconds. */
    private static final Duration SPAWN_WAIT = Duration.ofSeconds(2);

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

    /**
     * The live children not started by Childproof, now. A child that looks like a stranger while Childproof is
     * spawning is looked at again once those spawns are done (see {@link SpawnsInFlight}): it may be one of them.
     */
    public List<ProcessIdentity> notOurs() {
        List<ProcessIdentity> children = new ArrayList<>();
        for (long pid : os.allPids()) {
            OptionalLong parent = os.parentPid(pid);
            if (parent.isPresent() && parent.getAsLong() == self) {
                ProcessIdentity.of(os, pid).ifPresent(children::add);
            }
        }
        children.removeIf(this::isOurs);
        if (!children.isEmpty() && SpawnsInFlight.awaitNone(SPAWN_WAIT)) {
            children.removeIf(this::isOurs);
        }
        return children;
    }

    /** Whether a child of the JVM is Childproof's, or gone. */
    private boolean isOurs(ProcessIdentity child) {
        long pid = child.pid();
        // an adopted orphan without this run's cookie or cgroup is a launched tree's only where a launch had no
        // cgroup; where each had one, it is a daemon the test's own code started (it called setsid)
        if (HelperProcesses.pids().contains(pid) || LaunchRegistry.instance().cookieOf(child).isPresent()
                || (Adoption.instance().recorded().contains(child) && !Containment.instance().everyLaunchContained())
                || os.isGone(pid)) {
            return true;
        }
        return RunCookie.current().isCarriedBy(os, pid) || Containment.instance().contains(pid);
    }
}
