package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The subreaper layer (Java 22+ on Linux): the test JVM becomes a child subreaper before its first launch, so an
 * orphan of a launched tree (a double-forked daemon) is re-parented to the JVM instead of to init and stays findable
 * as its child even with no readable cookie. Adopted processes are recorded (pid, start time) within 100 ms of their
 * adoption by a watcher thread, reported to the watchdog, ended at cleanup, and reaped by their own pid only.
 *
 * <p>An adopted child is told from a child the test's own code started through {@link ProcessBuilder} by four
 * facts: the JDK did not start it for Childproof, no thread of the JVM waits for it (the JDK's process reaper waits
 * for every child the JDK started, so a process the test started in a session of its own is not taken), it lives in
 * another session than the JVM (it called {@code setsid}, as daemons do), and it started after this run's first
 * launch. See {@link #isAdopted}.
 *
 * <p>The second fact can lag: the JDK's reaper thread starts waiting for a child a moment after its start, and
 * under load (a load average of 6 to 8 on 2 cores) now and then had not begun at the watcher's look. So only a
 * candidate carrying this run's cookie (the test JVM never carries its own, so neither does a child the test
 * starts) is taken at once; one without is taken by the watcher once it has seemed adopted at
 * {@value #LOOKS_WITHOUT_COOKIE} consecutive looks (at least 200 ms), and at cleanup when it was recorded already or
 * when it is still not waited for after two more readings of the awaited children, {@value #RECHECK_MILLIS} ms
 * apart.
 */
public final class Adoption {

    /** Consecutive looks of the watcher at which a candidate without this run's cookie must seem adopted. */
    static final int LOOKS_WITHOUT_COOKIE = 3;
    /** The pause before each of cleanup's two more readings of the awaited children. */
    static final long RECHECK_MILLIS = 50;

    private static final Adoption INSTANCE = new Adoption(OperatingSystem.current(), PosixCalls.instance(),
            ProcessHandle.current().pid());

    private final OperatingSystem os;
    private final PosixCalls calls;
    private final long self;
    private final Map<ProcessIdentity, Boolean> adopted = new ConcurrentHashMap<>();
    private volatile boolean subreaper;
    private volatile long firstLaunchStart = -1;
    /**
     * Whether {@link #enable} ran: told apart from {@link #firstLaunchStart}, which stays -1 when the first launch
     * ended and was reaped before its start could be read (a {@code true}, an {@code sh -c} that backgrounds a
     * daemon and exits), so that no later launch starts a second watcher or moves the bound past the first one.
     */
    private volatile boolean enabled;
    /** Whether becoming a child subreaper was tried (it is tried once). */
    private volatile boolean attempted;
    /** The watcher thread, once started (it is started once); guarded by this object's monitor. */
    private Thread watcher;

    Adoption(OperatingSystem os, PosixCalls calls, long self) {
        this.os = os;
        this.calls = calls;
        this.self = self;
    }

    /** The adoption layer of this JVM. */
    public static Adoption instance() {
        return INSTANCE;
    }

    /**
     * Becomes a child subreaper, once (one system call), before the first process is launched: what that process
     * forks and orphans at once (a daemon's double fork takes about a millisecond) is adopted too.
     */
    public void beforeFirstLaunch() {
        if (!attempted) {
            synchronized (this) {
                if (!attempted) {
                    subreaper = calls.becomeChildSubreaper();
                    attempted = true;
                }
            }
        }
    }

    /**
     * Records the first launched process, from whose start on orphans count as adopted, and starts watching for
     * them; becomes a child subreaper first if {@link #beforeFirstLaunch()} was not called. Where the watcher's
     * thread cannot be started, orphans are not recorded as they appear (the watchdog does not learn of them), but
     * cleanup still finds them.
     *
     * @param firstLaunched the identity of that process
     */
    public void enable(ProcessIdentity firstLaunched) {
        if (!enabled) {
            synchronized (this) {
                if (!enabled) {
                    beforeFirstLaunch();
                    // -1 when its start could not be read: every orphan's start is at least that, as it was at
                    // this launch's cleanup before; never a later launch's start, which would leave out what the
                    // first one's tree orphaned before it
                    firstLaunchStart = firstLaunched.startTime();
                    enabled = true; // after the bound, which the watcher reads once it sees this
                    startWatching();
                }
            }
        }
    }

    /**
     * Becomes a child subreaper for a leak check ({@code @DetectProcessLeaks}), which may come before any launch,
     * and starts the watcher at once: the orphans of the test's own code that the JVM inherits from now on must be
     * reaped when they die (no thread of the JDK waits for them), as after a launch. Nothing is taken for adopted
     * before the first launch.
     */
    public void beforeLeakCheck() {
        beforeFirstLaunch();
        synchronized (this) {
            startWatching();
        }
    }

    /** Starts the watcher once, where this JVM is a subreaper. Called holding this object's monitor. */
    private void startWatching() {
        if (subreaper && watcher == null) {
            Thread watch = new Thread(this::watch, "childproof-adoption-watch");
            watch.setDaemon(true);
            watcher = watch;
            try {
                watch.start();
            } catch (OutOfMemoryError e) {
                // no thread to be had (a process or thread limit): the launch goes on, and orphans
                // are found at cleanup only, by its reading of the awaited children
            }
        }
    }

    /**
     * Ends the watcher thread (for tests of an instance over a table of their own, whose watcher would otherwise
     * look at that table, and reap through the run's {@link InheritedZombies}, for the rest of the run).
     *
     * @return the thread that was told to end, if one was started
     */
    synchronized Optional<Thread> endWatching() {
        Optional<Thread> watch = Optional.ofNullable(watcher);
        watch.ifPresent(Thread::interrupt);
        return watch;
    }

    /**
     * Records adopted children as they appear, so the watchdog knows them even if the JVM is killed before the next
     * cleanup, and reaps the zombies the JVM inherited ({@link InheritedZombies}): every 100 ms it reads the list of
     * children the JVM adopts (no scan of the process table) and looks closer only at zombies and at children it has
     * not seen. Owned by this class; a daemon thread that ends with the JVM.
     */
    private void watch() {
        // a child is looked at for about a second: an orphan may be re-parented a moment before it calls setsid
        Map<Long, Integer> looks = new HashMap<>();
        // consecutive looks at which a child without this run's cookie seemed adopted (its reaper may start late)
        Map<Long, Integer> seemed = new HashMap<>();
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            List<Long> children = os.adoptedChildren(self);
            InheritedZombies.instance().reapAmong(children).forEach(this::forget);
            if (!enabled) {
                continue; // started for a leak check: only orphans of launched trees (from the first on) are adopted
            }
            looks.keySet().retainAll(children);
            seemed.keySet().retainAll(children);
            Supplier<Set<Long>> awaited = once(os::awaitedChildren);
            Set<Long> launched = null;
            for (long pid : children) {
                int looked = looks.getOrDefault(pid, 0);
                if (looked >= 10 && !seemed.containsKey(pid)) {
                    continue;
                }
                if (launched == null) {
                    launched = new HashSet<>();
                    for (LaunchRecord record : LaunchRegistry.instance().live()) {
                        launched.add(record.identity().pid());
                    }
                }
                boolean seemsAdopted = isAdopted(pid, launched, HelperProcesses.pids(), awaited);
                if (seemsAdopted && (carriesRunCookie(pid)
                        || seemed.merge(pid, 1, Integer::sum) >= LOOKS_WITHOUT_COOKIE)) {
                    ProcessIdentity.of(os, pid).ifPresent(this::record);
                    looks.put(pid, 10);
                    seemed.remove(pid);
                } else {
                    looks.put(pid, looked + 1);
                    if (!seemsAdopted) {
                        seemed.remove(pid);
                    }
                }
            }
        }
    }

    private void record(ProcessIdentity identity) {
        if (adopted.putIfAbsent(identity, Boolean.TRUE) == null) {
            WatchdogClient.instance().adopted(identity);
            // reaped if it exits before any cleanup
            InheritedZombies.instance().handOver(List.of(identity)).forEach(this::forget);
        }
    }

    /**
     * Forgets an adopted process that was reaped, and tells the watchdog, whose ledger kept every adopted orphan for
     * the rest of the run otherwise (one entry each, walked with a stat read each when the test JVM is killed).
     */
    private void forget(ProcessIdentity identity) {
        if (adopted.remove(identity) != null) {
            WatchdogClient.instance().gone(identity);
        }
    }

    /** Whether a process carries a cookie of this run: it is of a launched tree, never a child the test started. */
    private boolean carriesRunCookie(long pid) {
        return RunCookie.current().isCarriedBy(os, pid);
    }

    /** Whether this JVM is a child subreaper. */
    public boolean isSubreaper() {
        return subreaper;
    }

    /**
     * Whether a child of this JVM is an orphan it adopted from a tree it launched. Scans nothing itself.
     *
     * @param pid a process
     * @param launched pids the JDK started for Childproof (never adopted)
     * @param exclude pids of the JVM's own helpers (the watchdog)
     * @param awaited the children a thread of the JVM waits for, read at most once per look at the children (it
     *     reads every thread's system call)
     */
    boolean isAdopted(long pid, Set<Long> launched, Set<Long> exclude, Supplier<Set<Long>> awaited) {
        if (!subreaper || launched.contains(pid) || exclude.contains(pid)) {
            return false;
        }
        OptionalLong parent = os.parentPid(pid);
        if (parent.isEmpty() || parent.getAsLong() != self) {
            return false;
        }
        OptionalLong session = os.sessionId(pid);
        OptionalLong ownSession = os.sessionId(self);
        OptionalLong start = os.startTime(pid);
        return session.isPresent() && ownSession.isPresent() && session.getAsLong() != ownSession.getAsLong()
                && start.isPresent() && start.getAsLong() >= firstLaunchStart
                // a child the JDK started (the test's own setsid process, the watchdog) has its reaper waiting
                && !awaited.get().contains(pid);
    }

    /**
     * Finds the adopted children alive now and records them (from the list of children the JVM adopts; cleanup only). A
     * candidate without this run's cookie that the watcher has not recorded is taken only if it is still not waited
     * for after two more readings of the awaited children; only then does this wait, {@value #RECHECK_MILLIS} ms
     * before each.
     *
     * @param launched pids the JDK started for Childproof
     * @param exclude pids of the JVM's own helpers
     * @return the adopted children alive now, recorded
     */
    public List<ProcessIdentity> findAdopted(Set<Long> launched, Set<Long> exclude) {
        List<ProcessIdentity> found = new ArrayList<>();
        if (!subreaper) {
            return found;
        }
        Supplier<Set<Long>> awaited = once(os::awaitedChildren);
        List<ProcessIdentity> unsure = new ArrayList<>();
        for (long pid : os.adoptedChildren(self)) {
            if (isAdopted(pid, launched, exclude, awaited) && !os.isGone(pid)) {
                // sure: it carries this run's cookie, or it was recorded already (by the watcher or an earlier pass)
                ProcessIdentity.of(os, pid).ifPresent(identity -> ((carriesRunCookie(pid)
                        || adopted.containsKey(identity)) ? found : unsure).add(identity));
            }
        }
        for (int reading = 0; reading < 2 && !unsure.isEmpty(); reading++) {
            try {
                Thread.sleep(RECHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unsure.clear(); // not taken while unsure: left to the watcher
                break;
            }
            Set<Long> awaitedNow = os.awaitedChildren();
            unsure.removeIf(id -> awaitedNow.contains(id.pid()) || os.isGone(id.pid()));
        }
        found.addAll(unsure);
        found.forEach(this::record);
        return found;
    }

    /**
     * Reaps the given processes where they are ended children of this JVM that the JDK does not wait for: members
     * of launched trees other than their roots, and adopted orphans. One {@code waitpid(pid)} each, never -1. Those
     * not ended, or not yet re-parented to this JVM, are reaped later by the watcher ({@link InheritedZombies}).
     *
     * @return how many were reaped now
     */
    public int reap(List<ProcessIdentity> notLaunchedByTheJdk) {
        List<ProcessIdentity> reaped = InheritedZombies.instance().handOver(notLaunchedByTheJdk);
        reaped.forEach(this::forget);
        return reaped.size();
    }

    /** A value computed on first use and kept: for one look at the JVM's children. */
    private static <T> Supplier<T> once(Supplier<T> compute) {
        Object[] value = new Object[1];
        return () -> {
            if (value[0] == null) {
                value[0] = compute.get();
            }
            @SuppressWarnings("unchecked")
            T kept = (T) value[0];
            return kept;
        };
    }

    /** The adopted processes recorded and not yet reaped. */
    public List<ProcessIdentity> recorded() {
        return new ArrayList<>(adopted.keySet());
    }
}
