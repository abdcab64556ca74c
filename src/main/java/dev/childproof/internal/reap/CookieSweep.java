package dev.childproof.internal.reap;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds processes by the cookie in their environment: the layer that catches descendants which left the tree
 * (double-forked daemons), as long as they kept their environment. Scans the whole process table, so it runs at
 * cleanup only, never on the launch path.
 */
public final class CookieSweep {

    private CookieSweep() {
    }

    /** Every live process whose cookie matches, except the calling JVM. */
    public static List<ProcessIdentity> find(OperatingSystem os, java.util.function.Predicate<String> cookieMatches) {
        long self = ProcessHandle.current().pid();
        List<ProcessIdentity> found = new ArrayList<>();
        for (long pid : os.allPids()) {
            if (pid == self) {
                continue;
            }
            Optional<String> cookie = os.environmentVariable(pid, ChildEnvironment.COOKIE);
            if (cookie.isPresent() && cookieMatches.test(cookie.get())) {
                ProcessIdentity.of(os, pid).filter(id -> !os.isGone(pid)).ifPresent(found::add);
            }
        }
        return found;
    }

    /** Ends (SIGKILL) every live process of this run. */
    public static List<ProcessIdentity> endAll(OperatingSystem os, RunCookie run) {
        List<ProcessIdentity> found = find(os, run::isOurs);
        found.forEach(id -> id.signal(os, "KILL"));
        return found;
    }
}
