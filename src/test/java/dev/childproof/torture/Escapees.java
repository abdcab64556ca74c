package dev.childproof.torture;

import dev.childproof.ChildProcess;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.awaitility.Awaitility.await;

/**
 * Double-forked escapees the scenarios made, by identity: an escapee that cleared its environment carries no cookie,
 * so the cookie invariant alone would not see it survive.
 */
final class Escapees {

    /**
     * A shell that double-forks a daemon (own session, out of the tree) which says its pid, then execs into sleep.
     * The shell passes the daemon's line on itself ({@code head}) before it goes on, so the line is its own output:
     * kept even when the shell then exits before its drainers read (README: what descendants write after a
     * process's exit is lost in that first fraction of a millisecond), which the launcher gone at once can do.
     */
    static final String ESCAPE = "(setsid sh -c 'echo escapee $$; exec sleep 300 >/dev/null 2>&1' &) | head -n 1; ";

    /** The same, the daemon clearing its environment (no cookie): only the cgroup layer can find it. */
    static final String ESCAPE_ENV_CLEARED =
            "(setsid env -i sh -c 'echo escapee $$; exec sleep 300 >/dev/null 2>&1' &) | head -n 1; ";

    private static final Queue<ProcessIdentity> MADE = new ConcurrentLinkedQueue<>();

    private Escapees() {
    }

    /** Waits until each launcher's escapee said its pid (the launcher may have exited already) and records it. */
    static void record(ChildProcess... launchers) {
        OperatingSystem os = OperatingSystem.current();
        for (ChildProcess launcher : launchers) {
            long pid = await("the escapee of " + launcher.name()).atMost(Duration.ofSeconds(30))
                    .until(() -> escapeePid(launcher), Optional::isPresent).orElseThrow();
            ProcessIdentity.of(os, pid).ifPresent(MADE::add);
        }
    }

    private static Optional<Long> escapeePid(ChildProcess launcher) {
        return launcher.output().stdoutLines().stream().filter(line -> line.startsWith("escapee "))
                .map(line -> Long.parseLong(line.substring("escapee ".length()).trim())).findFirst();
    }

    /** Takes the escapees recorded so far, forgetting them. */
    static List<ProcessIdentity> drain() {
        List<ProcessIdentity> drained = new ArrayList<>();
        for (ProcessIdentity id = MADE.poll(); id != null; id = MADE.poll()) {
            drained.add(id);
        }
        return drained;
    }
}
