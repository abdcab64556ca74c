package dev.childproof.bench;

import dev.childproof.StopMethod;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.Adoption;
import dev.childproof.internal.reap.EscapeSweep;
import dev.childproof.internal.stop.ParentStopEvent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Launches processes for benchmarks through the same handle the extension uses, without JUnit. */
final class BenchProcesses {

    private static final Path LOGS = Paths.get("target", "childproof", "bench");
    /** How long {@link #end} waits for a process's streams to be drained before it closes its output anyway. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

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
        ManagedProcess process = new ManagedProcess(declaration, new ParentStopEvent(name),
                LOGS.resolve(name + ".log"), OperatingSystem.current());
        return process;
    }

    /**
     * Ends a process as a test's cleanup would: its tree ended, then the sweep for what left it (which retires its
     * cgroup for a later launch), its output drained and its log closed, its stop file removed. Without the sweep and
     * the release every process left its log and its cgroup's files open in this JVM, and every later launch's
     * {@code jspawnhelper} closed them all again: a benchmark after this one measured a slower JVM.
     */
    static void end(ManagedProcess process) {
        try {
            process.end();
            process.pidWindow().ifPresent(window -> EscapeSweep.of(OperatingSystem.current()).afterScope(
                    Set.of(process.cookie()), Adoption.instance().isSubreaper() ? List.of(process.tree()) : List.of(),
                    window.createdAfter()));
            process.release(System.nanoTime() + RELEASE_WAIT.toNanos());
        } finally {
            ((ParentStopEvent) process.stopEvent()).close();
        }
    }
}
