package dev.childproof.bench;

import dev.childproof.StopMethod;
import dev.childproof.internal.junit.ProcessScope;
import dev.childproof.internal.junit.Scopes;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.process.ManagedProcess;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Launches processes for benchmarks through the same handle the extension uses, without JUnit. */
final class BenchProcesses {

    private static final Path LOGS = Paths.get("target", "childproof", "bench");
    /** The scope of each process not ended yet: one a process, as a test with one process has. */
    private static final Map<ManagedProcess, ProcessScope> SCOPES = new ConcurrentHashMap<>();

    private BenchProcesses() {
    }

    /** A Java child, not started. */
    static ManagedProcess java(String name, Class<?> mainClass, String... args) {
        return launch(name, new ProcessDeclaration.LaunchTarget(mainClass, List.of(), List.of(args),
                List.of()), StopMethod.EVENT);
    }

    /** A command, not started. */
    static ManagedProcess command(String name, String... command) {
        return launch(name, new ProcessDeclaration.LaunchTarget(null, List.of(command), List.of(), List.of()),
                StopMethod.EVENT);
    }

    /** A command that is ready once a socket listens on the port, not started. */
    static ManagedProcess commandReadyOnPort(String name, int port, String... command) {
        return launch(name, new ProcessDeclaration.LaunchTarget(null, List.of(command), List.of(), List.of()),
                StopMethod.EVENT, new ProcessDeclaration.Readiness(null, port, false, Duration.ofSeconds(30),
                        false));
    }

    private static ManagedProcess launch(String name, ProcessDeclaration.LaunchTarget target, StopMethod method) {
        return launch(name, target, method, new ProcessDeclaration.Readiness(null, 0, false, Duration.ofSeconds(30), false));
    }

    private static ManagedProcess launch(String name, ProcessDeclaration.LaunchTarget target, StopMethod method,
            ProcessDeclaration.Readiness readiness) {
        ProcessDeclaration declaration = new ProcessDeclaration(name, "benchmark [" + name + "]", target, Map.of(),
                null, true, false, method, "stop", "", Duration.ofSeconds(5), Duration.ofSeconds(2),
                readiness, false, 64 * 1024, Optional.empty(), true, false);
        ProcessScope scope = Scopes.open(LOGS);
        ManagedProcess process = scope.create(name, declaration);
        SCOPES.put(process, scope);
        return process;
    }

    /**
     * Ends a process as a test's cleanup would, by closing its scope: its tree ended, the sweep for what left it, its
     * output and its cgroup let go, its stop file removed. Ending it alone once left its log and its cgroup's files
     * open in this JVM, and every later launch's {@code jspawnhelper} closed them all again: a benchmark after this one
     * measured a slower JVM.
     */
    static void end(ManagedProcess process) {
        SCOPES.remove(process).close();
    }
}
