package dev.childproof.internal.reap;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test JVM's own helper processes, which are neither launches of a test nor leaks, so sweeps and leak checks
 * never touch them: the watchdog, and idle pre-spawned launchers ({@code LauncherPool}) until one becomes a launch.
 */
public final class HelperProcesses {

    private static final Set<Long> IDLE_LAUNCHERS = ConcurrentHashMap.newKeySet();

    private HelperProcesses() {
    }

    /** Records an idle pre-spawned launcher. */
    public static void idleLauncher(long pid) {
        IDLE_LAUNCHERS.add(pid);
    }

    /** Forgets a launcher: it became a launch, or it is gone. */
    public static void launcherTaken(long pid) {
        IDLE_LAUNCHERS.remove(pid);
    }

    /** The pids of the idle pre-spawned launchers. */
    public static Set<Long> idleLaunchers() {
        return Set.copyOf(IDLE_LAUNCHERS);
    }

    /** The pids of the helpers alive now, as far as this JVM knows. */
    public static Set<Long> pids() {
        Set<Long> helpers = new HashSet<>(IDLE_LAUNCHERS);
        WatchdogClient.instance().pid().ifPresent(helpers::add);
        return helpers;
    }
}
