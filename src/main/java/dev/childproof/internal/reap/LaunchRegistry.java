package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every process this JVM launched and has not yet seen end, JVM-wide. The normal path removes a process when its
 * handle is closed; whatever is left when the JVM shuts down is ended by a shutdown hook, with its whole tree and
 * every process carrying this run's cookie.
 */
public final class LaunchRegistry {

    private static final LaunchRegistry INSTANCE = new LaunchRegistry(OperatingSystem.current());

    private final OperatingSystem os;
    /** Each launch not yet removed, by pid. */
    private final Map<Long, Launch> live = new ConcurrentHashMap<>();
    private final Map<Thread, List<LaunchRecord>> watches = new ConcurrentHashMap<>();

    LaunchRegistry(OperatingSystem os) {
        this.os = os;
        Runtime.getRuntime().addShutdownHook(new Thread(this::endEverything, "childproof-shutdown-reaper"));
    }

    /** The registry of this JVM. */
    public static LaunchRegistry instance() {
        return INSTANCE;
    }

    /**
     * Records a launched process (a pre-spawned launcher that became it is a helper no more, from now on).
     *
     * @param record the launch
     * @param process the JDK's handle of it, which tells without a system call that its pid is still its own
     *     ({@link #isLaunchOfAnother})
     */
    public void add(LaunchRecord record, Process process) {
        live.put(record.identity().pid(), new Launch(record, process));
        HelperProcesses.launcherTaken(record.identity().pid());
        Adoption.instance().enable(record.identity());
        InheritedZombies.instance().startedByTheJdk(process);
        WatchdogClient.instance().launched(record);
        List<LaunchRecord> watch = watches.get(Thread.currentThread());
        if (watch != null) {
            watch.add(record);
        }
    }

    /**
     * Starts collecting every process launched from the calling thread until the returned list's owner stops
     * watching; a seam for tests that must tell which processes a run launched.
     *
     * @return the live list the records are added to
     */
    public List<LaunchRecord> watchCurrentThread() {
        List<LaunchRecord> watch = new CopyOnWriteArrayList<>();
        watches.put(Thread.currentThread(), watch);
        return watch;
    }

    /** Stops collecting for the calling thread. */
    public void unwatchCurrentThread() {
        watches.remove(Thread.currentThread());
    }

    /** Forgets a process that is gone with its tree. */
    public void remove(LaunchRecord record) {
        long pid = record.identity().pid();
        Launch launch = live.get(pid);
        // a record whose pid a later launch took is no longer there
        if (launch != null && launch.record.equals(record) && live.remove(pid, launch)) {
            WatchdogClient.instance().ended(record);
        }
    }

    /**
     * Whether a pid is, right now, the process of a launch whose cookie is none of the given ones: a launch of
     * another scope, which a sweep for these cookies need not read. Known without a system call: the JDK has not
     * reaped that process yet, so its pid can name no other.
     */
    public boolean isLaunchOfAnother(long pid, Set<String> cookies) {
        Launch launch = live.get(pid);
        return launch != null && !cookies.contains(launch.record.cookie()) && launch.process.isAlive();
    }

    /** The cookie of a launched process not yet removed, by its identity. */
    public Optional<String> cookieOf(ProcessIdentity identity) {
        Launch launch = live.get(identity.pid());
        return launch != null && launch.record.identity().equals(identity) ? Optional.of(launch.record.cookie())
                : Optional.empty();
    }

    /** The processes launched and not yet removed. */
    public List<LaunchRecord> live() {
        return live.values().stream().map(launch -> launch.record).toList();
    }

    private void endEverything() {
        for (LaunchRecord record : live()) {
            ProcessTree.snapshot(os, record.identity()).kill();
        }
        CookieSweep.endAll(os, RunCookie.current());
        Adoption.instance().recorded().forEach(id -> id.signal(os, "KILL"));
        Containment.instance().endRun(os);
    }

    /**
     * A launch and the JDK's handle of its process, which tells without a system call that the pid is still its
     * own (while the JDK has not reaped it, the pid names no other). Equal only to itself, so a conditional removal
     * compares no fields.
     */
    private static final class Launch {
        final LaunchRecord record;
        final Process process;

        Launch(LaunchRecord record, Process process) {
            this.record = record;
            this.process = process;
        }
    }
}
