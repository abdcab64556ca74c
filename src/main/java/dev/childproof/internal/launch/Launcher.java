package dev.childproof.internal.launch;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.reap.Adoption;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.WatchdogClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts the operating-system process of a declaration, with the Childproof environment. */
public final class Launcher {

    /**
     * A started process and the command line it was started with.
     *
     * @param process the process
     * @param commandLine the command line
     * @param scriptFile the script a pre-spawned launcher sourced to become the process, to delete once it has
     *     ended; empty for a direct launch
     * @param identity the process's identity when it was known before the launch (a pre-spawned launcher's)
     */
    public record Launched(Process process, List<String> commandLine, Optional<Path> scriptFile,
            Optional<ProcessIdentity> identity) {
    }

    /** Told about a process the moment it exists, before anything else is done with it. */
    @FunctionalInterface
    public interface Started {
        /**
         * Called the moment the JDK returns the process, before it is moved into its cgroup (a move can wait for an
         * RCU grace period): what must know of it at once (its drainers, the registry and the watchdog) learns here.
         *
         * @param process the process
         * @param prespawned whether a pre-spawned launcher became it (rather than a spawn of its own)
         * @param identity its identity where the launch knows it already (a pre-spawned launcher's), else empty
         */
        void started(Process process, boolean prespawned, Optional<ProcessIdentity> identity);
    }

    private Launcher() {
    }

    /**
     * Launches a process: through a pre-spawned launcher when the declaration asks for one
     * ({@code childproof.launch.prespawn}), one is idle and the launch can be handed over unchanged (see
     * {@link LaunchScript}); otherwise directly.
     *
     * @param declaration what to run
     * @param cookie its {@code CHILDPROOF_COOKIE}
     * @param stopFile its {@code CHILDPROOF_STOP_FILE}
     * @param readyFile its {@code CHILDPROOF_READY_FILE}
     * @param started called with the process the moment the JDK returns it, before it is moved into its cgroup:
     *     whoever drains its output starts there, since the JDK closes the pipes of a process that exits before a
     *     reader holds them (what its descendants write later is lost), and the move can take an RCU grace period
     * @return the started process
     * @throws IllegalStateException when the operating system refuses to start it, when no thread can be started
     *     for it (the JVM at its process or thread limit: what was forked is killed), or as {@code started} throws
     *     (its cgroup is ended then)
     */
    public static Launched launch(ProcessDeclaration declaration, String cookie, Path stopFile, Path readyFile,
            Started started) {
        // the watchdog runs before the first launch, so that a test JVM killed while the first process is being
        // launched leaves it to the watchdog's cookie scan, and knows the run's cgroup (made first, where the layer
        // is on); then, on Java 22+, so that the first process's own orphans are adopted too, the subreaper (each a
        // volatile read after the first launch)
        if (declaration.cgroupLayer()) {
            Containment.instance().isOn();
        }
        WatchdogClient.instance().ensureRunning();
        Adoption.instance().beforeFirstLaunch();
        List<String> commandLine = commandLine(declaration.target());
        Map<String, String> added = new LinkedHashMap<>(declaration.env());
        added.put(ChildEnvironment.COOKIE, cookie);
        added.put(ChildEnvironment.NAME, declaration.name());
        added.put(ChildEnvironment.STOP_FILE, stopFile.toString());
        added.put(ChildEnvironment.READY_FILE, readyFile.toString());
        if (declaration.prespawn()) {
            Optional<Launched> handedOff = handOff(declaration, commandLine, added, cookie, started);
            if (handedOff.isPresent()) {
                return handedOff.get();
            }
        }
        // the cgroup layer, where cgroups are writable: a shell script joins first thing, anything else right after
        Optional<Path> cgroup = declaration.cgroupLayer() ? Containment.instance().prepare(cookie) : Optional.empty();
        if (cgroup.isEmpty()) {
            Containment.instance().launchedWithoutCgroup();
        }
        Optional<List<String>> joiningScript = cgroup.flatMap(procs -> Containment.joinFirst(commandLine, procs));
        ProcessBuilder builder = new ProcessBuilder(joiningScript.orElse(commandLine));
        if (declaration.workingDir() != null) {
            builder.directory(declaration.workingDir().toFile());
        }
        Process process;
        try {
            builder.environment().putAll(added);
            process = BusyExecutables.start(builder);
        } catch (IOException | RuntimeException e) {
            // nothing was launched, so the cgroup made for it goes at once rather than at the end of the run
            if (cgroup.isPresent()) {
                Containment.instance().endAll(OperatingSystem.current(), cookie);
            }
            throw new IllegalStateException(declaration.source() + " could not be launched (" + shown(commandLine)
                    + "): " + LaunchFailureHint.describe(e) + ".", e);
        } catch (OutOfMemoryError e) {
            throw NoThreadForLaunch.end(declaration.source() + " could not be launched (" + shown(commandLine) + ")",
                    cookie, cgroup.isPresent(), e);
        }
        try {
            started.started(process, false, Optional.empty());
        } catch (RuntimeException | Error e) {
            // not taken on (no thread for its output): it was ended, and its cgroup goes now too
            if (cgroup.isPresent()) {
                Containment.instance().endAll(OperatingSystem.current(), cookie);
            }
            throw e;
        }
        if (cgroup.isPresent() && joiningScript.isEmpty()) {
            Containment.instance().moveIn(cookie, process, cgroup.get());
        }
        return new Launched(process, commandLine, Optional.empty(), Optional.empty());
    }

    /**
     * A command line as a failure message shows it: cut as failure reports cut a long line ({@link OutputReport#cut}),
     * so that a huge argument does not make a huge message. No word shows more than the whole does, and the count of
     * characters left out is the real one.
     */
    private static String shown(List<String> commandLine) {
        return OutputReport.cut(String.join(" ", commandLine));
    }

    /**
     * Hands the launch to an idle pre-spawned launcher: the test's thread writes a script and one line, while the
     * spawn and the move into a cgroup were done ahead. Empty when the launch must be direct: no launcher is idle
     * or usable here, the script cannot express the launch unchanged, or the launcher is gone.
     */
    private static Optional<Launched> handOff(ProcessDeclaration declaration, List<String> commandLine,
            Map<String, String> added, String cookie, Started started) {
        LauncherPool pool = LauncherPool.instance();
        if (!pool.isAvailable()) {
            return Optional.empty();
        }
        Optional<byte[]> script = LaunchScript.of(commandLine, added, declaration.workingDir(), System.getenv());
        if (script.isEmpty()) {
            return Optional.empty();
        }
        Optional<LauncherPool.Warm> warm = pool.take(declaration.cgroupLayer());
        if (warm.isEmpty()) {
            return Optional.empty();
        }
        if (warm.get().cgroup().isEmpty()) {
            Containment.instance().launchedWithoutCgroup();
        }
        Path scriptFile;
        try {
            scriptFile = LauncherPool.handOff(warm.get(), script.get());
        } catch (IOException e) {
            LauncherPool.end(warm.get());
            return Optional.empty();
        }
        Process process = warm.get().process();
        // the program runs only once the shell has read the line, sourced the script and exec'd it, so the drainers
        // are almost always in place before its first write (a direct launch hands them a program that runs already)
        try {
            started.started(process, true, warm.get().identity());
        } catch (RuntimeException | Error e) {
            // not taken on (no thread for its output): it was ended, and its cgroup and script go now too
            if (warm.get().cgroup().isPresent()) {
                Containment.instance().adopt(cookie, warm.get().cgroup().get());
                Containment.instance().endAll(OperatingSystem.current(), cookie);
            }
            scriptFile.toFile().delete();
            throw e;
        }
        warm.get().cgroup().ifPresent(c -> Containment.instance().adopt(cookie, c));
        return Optional.of(new Launched(process, commandLine, Optional.of(scriptFile), warm.get().identity()));
    }

    /** The command line of a target. */
    public static List<String> commandLine(ProcessDeclaration.LaunchTarget target) {
        if (target.isJava()) {
            return JavaTarget.commandLine(target.mainClass(), target.jvmArgs(), target.args());
        }
        List<String> line = new ArrayList<>(target.command());
        line.addAll(target.args());
        return line;
    }
}
