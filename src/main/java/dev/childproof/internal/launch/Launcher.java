package dev.childproof.internal.launch;

import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.reap.Containment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts the operating-system process of a declaration, with the Childproof environment. */
public final class Launcher {

    /**
     * A started process and the command line it was started with.
     *
     * @param process the process
     * @param commandLine the command line
     */
    public record Launched(Process process, List<String> commandLine) {
    }

    private Launcher() {
    }

    /**
     * Launches a process.
     *
     * @param declaration what to run
     * @param cookie its {@code CHILDPROOF_COOKIE}
     * @param stopFile its {@code CHILDPROOF_STOP_FILE}
     * @param readyFile its {@code CHILDPROOF_READY_FILE}
     * @param started called with the process the moment the JDK returns it, before it is moved into its cgroup:
     *     whoever drains its output starts there, since the JDK closes the pipes of a process that exits before a
     *     reader holds them (what its descendants write later is lost), and the move can take an RCU grace period
     * @return the started process
     * @throws IllegalStateException when the operating system refuses to start it
     */
    public static Launched launch(ProcessDeclaration declaration, String cookie, Path stopFile, Path readyFile,
            Consumer<Process> started) {
        List<String> commandLine = commandLine(declaration.target());
        // the cgroup layer, where cgroups are writable: a shell script joins first thing, anything else right after
        Optional<Path> cgroup = declaration.cgroupLayer() ? Containment.instance().prepare(cookie) : Optional.empty();
        Optional<List<String>> joiningScript = cgroup.flatMap(procs -> Containment.joinFirst(commandLine, procs));
        ProcessBuilder builder = new ProcessBuilder(joiningScript.orElse(commandLine));
        if (declaration.workingDir() != null) {
            builder.directory(declaration.workingDir().toFile());
        }
        Map<String, String> env = builder.environment();
        env.putAll(declaration.env());
        env.put(ChildEnvironment.COOKIE, cookie);
        env.put(ChildEnvironment.NAME, declaration.name());
        env.put(ChildEnvironment.STOP_FILE, stopFile.toString());
        env.put(ChildEnvironment.READY_FILE, readyFile.toString());
        try {
            Process process = builder.start();
            started.accept(process);
            if (cgroup.isPresent() && joiningScript.isEmpty()) {
                Containment.join(process.pid(), cgroup.get());
            }
            return new Launched(process, commandLine);
        } catch (IOException e) {
            // nothing was launched, so the cgroup made for it goes at once rather than at the end of the run
            if (cgroup.isPresent()) {
                Containment.instance().endAll(OperatingSystem.current(), cookie);
            }
            throw new IllegalStateException(declaration.source() + " could not be launched (" + String.join(" ",
                    commandLine) + "): " + e.getMessage(), e);
        }
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
