package dev.childproof.internal.watchdog;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.SweepPasses;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watchdog's main. Arguments: the run id, and the run's cgroup directory or {@code -}. Reads the ledger from
 * standard input until end-of-file, which comes when the test JVM (the only holder of the pipe's other end) has
 * ended in any way; it never guesses from silence. Then it ends every recorded process that is still the same one,
 * every process carrying a cookie of the run (again until none is left), and everything in the run's cgroup, removes
 * the run directory (stop and ready files) when it is still the one the JVM made, and exits. A JVM that ended
 * normally removed that directory itself.
 */
public final class Watchdog {

    /**
     * How long the watchdog waits, once it has read everything the pipe held, before it reads again. Each line it
     * waits for wakes it, about 34 µs of CPU a launch on a 2-core machine, taken from the test and its processes
     * (BENCHMARKS.md, twenty-second session); in a pause, the lines of a burst of launches wait in the pipe and are
     * read in one wake-up. The test JVM's end is seen this much later at most. A pipe holds 64 KiB on Linux
     * ({@code F_GETPIPE_SZ}), about a thousand launch records of some 60 bytes, less on macOS: a test JVM that writes
     * more within one pause waits at most that long for room.
     */
    static final Duration PACE = Duration.ofMillis(100);

    private Watchdog() {
    }

    /**
     * Runs the watchdog.
     *
     * @param args run id, cgroup directory or {@code -}
     * @throws IOException never in practice: standard input is a pipe
     */
    public static void main(String[] args) throws IOException {
        String runId = args[0];
        String cgroup = args.length > 1 ? args[1] : "-";
        Ledger ledger = new Ledger();
        // the descriptor itself: System.in is buffered, and a buffered stream asks how much is left after each read
        ledger.readAll(new FileInputStream(FileDescriptor.in), Watchdog::pause);
        OperatingSystem os = OperatingSystem.current();
        List<Long> ended = new ArrayList<>();
        ledger.endAll(os).forEach(id -> ended.add(id.pid()));
        // in passes: what a process ended here forked while the table was read carries the cookie too
        SweepPasses.untilNothingNew(endedBefore -> endByCookie(os, "cp1." + runId + "."))
                .forEach(id -> ended.add(id.pid()));
        if (!"-".equals(cgroup)) {
            CgroupTree tree = CgroupTree.at(Paths.get(cgroup));
            ended.addAll(tree.killAll(os));
            awaitEmpty(tree);
            tree.remove();
        }
        ledger.runDirectory().ifPresent(Watchdog::remove);
        if (!ended.isEmpty()) {
            System.err.println("childproof watchdog: the test JVM of run " + runId + " ended; ended what it left: "
                    + ended);
        }
    }

    /** Waits {@link #PACE} (pacing, not synchronisation: nothing is waited for but time). */
    private static void pause() {
        try {
            Thread.sleep(PACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nothing interrupts this thread; were it to, reading goes on unpaced
        }
    }

    private static List<ProcessIdentity> endByCookie(OperatingSystem os, String prefix) {
        long self = ProcessHandle.current().pid();
        List<ProcessIdentity> ended = new ArrayList<>();
        if (!os.readsEnvironments()) {
            return ended; // no cookie can be read here
        }
        for (long pid : os.allPids()) {
            if (pid == self) {
                continue;
            }
            Optional<String> cookie = os.environmentVariable(pid, Ledger.COOKIE);
            if (cookie.isPresent() && cookie.get().startsWith(prefix)) {
                ProcessIdentity.of(os, pid).filter(id -> id.signal(os, "KILL")).ifPresent(ended::add);
            }
        }
        return ended;
    }

    /**
     * Removes the run directory; again for up to 2 s while it stays, since a process SIGKILLed above may not have
     * died yet and could still create a file in it.
     */
    private static void remove(OwnedDirectory directory) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!directory.remove() && directory.isStillThere() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void awaitEmpty(CgroupTree tree) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!tree.pids().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
