package dev.childproof.internal.reap;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Finds processes by the cookie in their environment: the layer that catches descendants which left the tree
 * (double-forked daemons), as long as they kept their environment. Scans the whole process table, so it runs at
 * cleanup only, never on the launch path.
 */
public final class CookieSweep {

    /**
     * Up to this many pids created since the reading, each is looked up directly (a missing one costs a failed
     * open); more, and the process table is listed instead.
     */
    static final int PROBE_LIMIT = 64;

    private CookieSweep() {
    }

    /** Every live process whose cookie matches, except the calling JVM. */
    public static List<ProcessIdentity> find(OperatingSystem os, Predicate<String> cookieMatches) {
        return find(os, cookieMatches, -1);
    }

    /**
     * Every live process created after a pid reading ({@link OperatingSystem#lastCreatedPid()}) whose cookie
     * matches, except the calling JVM. Descendants of processes launched after the reading can only be such
     * processes, so the scan reads the environment of those alone, looking each up directly when there are at most
     * {@link #PROBE_LIMIT}; when pids wrapped since, or the reading is -1, it reads every process's.
     *
     * @param createdAfter the reading taken before the processes of interest were launched, or -1
     */
    public static List<ProcessIdentity> find(OperatingSystem os, Predicate<String> cookieMatches, long createdAfter) {
        return find(os, cookieMatches, createdAfter, pid -> false);
    }

    /**
     * As {@link #find(OperatingSystem, Predicate, long)}, without reading the environment of the pids known to be
     * of no interest (in a parallel run, most pids created during a scope are other scopes' launches).
     *
     * @param known whether a pid is known not to match, without a look at the process
     */
    public static List<ProcessIdentity> find(OperatingSystem os, Predicate<String> cookieMatches, long createdAfter,
            LongPredicate known) {
        if (!os.readsEnvironments()) {
            return List.of(); // no cookie can be read here: listing every process would find nothing
        }
        long self = ProcessHandle.current().pid();
        Set<Long> helpers = HelperProcesses.pids();
        long last = os.lastCreatedPid().orElse(-1);
        boolean windowed = createdAfter >= 0 && last >= createdAfter;
        List<ProcessIdentity> found = new ArrayList<>();
        for (long pid : windowed && last - createdAfter <= PROBE_LIMIT ? window(createdAfter, last) : os.allPids()) {
            if (pid == self || helpers.contains(pid) || windowed && (pid <= createdAfter || pid > last)
                    || known.test(pid)) {
                continue;
            }
            Optional<String> cookie = os.environmentVariable(pid, ChildEnvironment.COOKIE);
            if (cookie.isPresent() && cookieMatches.test(cookie.get())) {
                ProcessIdentity.of(os, pid).filter(id -> !os.isGone(pid)).ifPresent(found::add);
            }
        }
        return found;
    }

    /** The pids of a small window, looked up one by one instead of listing the whole process table. */
    private static List<Long> window(long after, long last) {
        List<Long> pids = new ArrayList<>((int) (last - after));
        for (long pid = after + 1; pid <= last; pid++) {
            pids.add(pid);
        }
        return pids;
    }

    /**
     * Ends (SIGKILL) every live process whose cookie matches, in {@link SweepPasses}: what a matching process forks
     * while a pass reads the process table carries the cookie too.
     *
     * @param createdAfter as for {@link #find(OperatingSystem, Predicate, long, LongPredicate)}
     * @param known as for {@link #find(OperatingSystem, Predicate, long, LongPredicate)}
     * @return the processes ended, each once
     */
    public static List<ProcessIdentity> end(OperatingSystem os, Predicate<String> cookieMatches, long createdAfter,
            LongPredicate known) {
        return new ArrayList<>(SweepPasses.untilNothingNew(endedBefore -> {
            List<ProcessIdentity> found = find(os, cookieMatches, createdAfter, known);
            found.forEach(id -> id.signal(os, "KILL")); // again for one ended before: it may not have died yet
            return found;
        }));
    }

    /** Ends (SIGKILL) every live process of this run, as {@link #end} does. */
    public static List<ProcessIdentity> endAll(OperatingSystem os, RunCookie run) {
        return end(os, run::isOurs, -1, pid -> false);
    }
}
