package dev.childproof.internal.launch;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.HelperProcesses;
import dev.childproof.internal.reap.InheritedZombies;
import dev.childproof.internal.stop.RunDirectory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Pre-spawned launchers ({@code childproof.launch.prespawn=on}): a few {@code /bin/sh} processes started ahead of
 * need, each already in a cgroup of its own where the cgroup layer is on, waiting to read the path of a
 * {@link LaunchScript} on their standard input. A launch hands one its script; the shell sources it and
 * {@code exec}s the program, which keeps the shell's pid, pipes and cgroup. So the test's thread writes one line
 * instead of waiting for a spawn and a move into a cgroup, and the program is inside its cgroup from its first
 * instruction.
 *
 * <p>Threads: one, {@code childproof-launcher-pool}, owned by this pool. It is started by the first launch that
 * asks, keeps {@value #IDLE} launchers idle, and ends at {@link #shutdown()} (the end of the test run) or with the
 * JVM (a daemon). An idle launcher ends by itself when the test JVM dies: its standard input reaches end-of-file.
 *
 * <p>Only where {@code /bin/sh} is {@code dash}: other shells change the environment they pass on ({@code bash}
 * sets {@code SHLVL} and {@code _}). Not where a variable of the test JVM's environment has a name a shell cannot
 * carry (a shell drops it), nor where its {@code OPTIND} is not a number dash takes (the shell would exit at once).
 * Elsewhere every launch is direct.
 */
public final class LauncherPool {

    /** How many launchers wait at most. */
    public static final int IDLE = 2;
    private static final String SHELL = "/bin/sh";
    /** The variable an idle launcher reads the number into, which the script puts back as the test JVM has it. */
    static final String NUMBER = "n";
    /**
     * What an idle launcher runs: it reads a number (a few bytes, which a shell reads one at a time) and sources
     * the script {@code $0-<number>}, or ends at end-of-file. {@code $0} is the scripts' common prefix.
     */
    static final String WAIT_FOR_SCRIPT = "read -r " + NUMBER + " && . \"$0-$" + NUMBER + "\"";
    /**
     * An {@code OPTIND} dash takes at startup, kept simple (it takes blanks and a {@code +} too): it exits with
     * {@code Illegal number} on any other, such as {@code abc} or one over {@code INT_MAX}.
     */
    private static final Pattern DASH_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final AtomicLong scriptNumbers = new AtomicLong();
    private static final LauncherPool INSTANCE = new LauncherPool();

    /** Looked at once, on first use: a run that never asks for launchers (or only shuts the pool) pays nothing. */
    private static final class Availability {
        static final String UNAVAILABLE = whyUnavailable();
    }

    /**
     * An idle launcher, taken.
     *
     * @param process the shell, soon the program
     * @param identity its identity, read ahead (the program keeps the shell's pid and start time)
     * @param cgroupLayer whether it was made for launches with the cgroup layer on
     * @param cgroup its cgroup, when the cgroup layer gave it one
     * @param scripts the prefix of the paths of the scripts it can source: {@code <prefix>-<number>}
     */
    record Warm(Process process, Optional<ProcessIdentity> identity, boolean cgroupLayer, Optional<CgroupTree> cgroup,
            Path scripts) {
    }

    /** Guarded by this. */
    private final ArrayDeque<Warm> idle = new ArrayDeque<>();
    /** Guarded by this: whether the refill thread runs, or is about to. */
    private boolean running;
    /** Guarded by this: which refill thread is the current one (one that finds another number ends). */
    private long generation;
    /** Guarded by this: whether idle launchers get a cgroup (the cgroup layer of the launches that asked). */
    private boolean cgroupLayer;

    private LauncherPool() {
    }

    /** The pool of this JVM. */
    public static LauncherPool instance() {
        return INSTANCE;
    }

    /** Why pre-spawned launchers cannot be used here, or null when they can. */
    static String whyUnavailable() {
        try {
            if (!Paths.get(SHELL).toRealPath().getFileName().toString().equals("dash")) {
                return SHELL + " is not dash";
            }
        } catch (IOException | SecurityException e) {
            return "no " + SHELL;
        }
        for (String name : System.getenv().keySet()) {
            if (!LaunchScript.isShellName(name)) {
                return "the variable " + name + " of the test JVM's environment has a name a shell drops";
            }
        }
        String optind = System.getenv("OPTIND");
        if (optind != null && !DASH_NUMBER.matcher(optind).matches()) {
            return "the variable OPTIND of the test JVM's environment is not a number dash takes (it would exit)";
        }
        return null;
    }

    /** Whether launches may be handed to pre-spawned launchers on this system. */
    boolean isAvailable() {
        return Availability.UNAVAILABLE == null;
    }

    /** Why launches cannot be handed to pre-spawned launchers on this system, or empty when they can. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(Availability.UNAVAILABLE);
    }

    /**
     * An idle launcher, if one is ready; otherwise empty, and the launch is direct. The first call starts the
     * refill thread (where launchers are available at all; elsewhere none is ever ready).
     *
     * @param withCgroup whether the launch wants a cgroup of its own (the cgroup layer)
     */
    Optional<Warm> take(boolean withCgroup) {
        List<Warm> dead = new ArrayList<>();
        Optional<Warm> taken = Optional.empty();
        synchronized (this) {
            start(withCgroup);
            while (taken.isEmpty() && !idle.isEmpty()) {
                Warm next = idle.pollFirst();
                if (next.process().isAlive() && next.cgroupLayer() == withCgroup) {
                    // a helper to sweeps and leak checks until the launch registry has it (LaunchRegistry.add)
                    taken = Optional.of(next);
                } else {
                    dead.add(next);
                }
            }
            notifyAll();
        }
        dead.forEach(LauncherPool::end);
        return taken;
    }

    /**
     * Starts keeping launchers idle, if not started yet and possible here; {@link #take} does it too, so this only
     * gets the first ones ready sooner. Where the refill thread cannot be started (a process or thread limit), none
     * is kept for now and launches go direct.
     *
     * @param withCgroup whether launches will want a cgroup of their own (the cgroup layer); launchers made for the
     *     other kind are ended when met
     */
    public synchronized void start(boolean withCgroup) {
        cgroupLayer = withCgroup;
        if (!running && isAvailable()) {
            running = true;
            long current = ++generation;
            Thread refill = new Thread(() -> refill(current), "childproof-launcher-pool");
            refill.setDaemon(true);
            try {
                refill.start();
            } catch (OutOfMemoryError e) {
                running = false; // no thread to be had (a process limit): launches go direct, a later take tries again
            }
        }
    }

    /**
     * Ends the idle launchers and the refill thread (end of the test run); a later {@link #take} starts again.
     */
    public void shutdown() {
        List<Warm> ended;
        synchronized (this) {
            running = false;
            ended = new ArrayList<>(idle);
            idle.clear();
            notifyAll();
        }
        ended.forEach(LauncherPool::end);
    }

    /**
     * The refill thread: keeps {@link #IDLE} launchers waiting until {@link #shutdown()}, or until a later
     * {@link #start} made another one current.
     */
    private void refill(long mine) {
        while (true) {
            boolean withCgroup;
            synchronized (this) {
                while (running && generation == mine && idle.size() >= IDLE) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        running = false;
                    }
                }
                if (!running || generation != mine) {
                    return;
                }
                withCgroup = cgroupLayer;
            }
            Warm launcher;
            try {
                launcher = spawn(withCgroup);
            } catch (IOException | OutOfMemoryError e) {
                // refused, or no reaper thread for it (a process limit): launches go direct, where the same failure
                // is reported with its cause
                synchronized (this) {
                    if (generation == mine) {
                        running = false;
                    }
                }
                return;
            }
            synchronized (this) {
                if (running && generation == mine) {
                    idle.addLast(launcher);
                    continue;
                }
            }
            end(launcher);
            return;
        }
    }

    private static Warm spawn(boolean withCgroup) throws IOException {
        Path scripts = RunDirectory.instance().newFile("launch");
        Process shell;
        SpawnsInFlight.begin();
        try {
            shell = new ProcessBuilder(SHELL, "-c", WAIT_FOR_SCRIPT, scripts.toString()).start();
            // a helper from now on, before anything else, so no sweep or leak check takes it for a stranger
            HelperProcesses.idleLauncher(shell.pid());
            InheritedZombies.instance().startedByTheJdk(shell); // the JDK reaps it, wherever it runs
        } finally {
            SpawnsInFlight.end();
        }
        Optional<CgroupTree> cgroup = withCgroup ? Containment.instance().prepareSpare() : Optional.empty();
        cgroup.ifPresent(c -> Containment.join(shell.pid(), c.procsFile()));
        return new Warm(shell, ProcessIdentity.of(OperatingSystem.current(), shell.pid()), withCgroup, cgroup,
                scripts);
    }

    /**
     * Ends a launcher that never became a launch, removes its cgroup, and forgets it as a helper once it is reaped
     * (before, a leak check would take the JVM's child for a stranger).
     */
    static void end(Warm launcher) {
        launcher.process().destroyForcibly();
        try {
            launcher.process().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            HelperProcesses.launcherTaken(launcher.process().pid());
        }
        launcher.cgroup().ifPresent(CgroupTree::remove);
    }

    /**
     * Hands a launch to a launcher: writes the script to a new file and its number to the launcher's standard
     * input.
     *
     * @return the script file, to delete when the process has ended
     * @throws IOException when the file cannot be written or the launcher is gone (the launch is then direct)
     */
    static Path handOff(Warm launcher, byte[] script) throws IOException {
        long number = scriptNumbers.incrementAndGet();
        Path scriptFile = Paths.get(launcher.scripts() + "-" + number);
        // java.io: one open, one write, one close, through fewer methods than Files.writeString
        try (FileOutputStream out = new FileOutputStream(scriptFile.toFile())) {
            out.write(script);
        }
        OutputStream stdin = launcher.process().getOutputStream();
        try {
            stdin.write((number + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            scriptFile.toFile().delete();
            throw e;
        }
        return scriptFile;
    }
}
