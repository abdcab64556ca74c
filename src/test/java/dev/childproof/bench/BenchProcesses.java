package dev.childproof.bench;

import dev.childproof.StopMethod;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.stop.ParentStopEvent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Launches processes for benchmarks through the same handle the extension uses, without JUnit. */
final class BenchProcesses {

    private static final Path LOGS = Paths.get("target", "childproof", "bench");

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

    /** Ends a process and removes its stop file, as a test's cleanup would. */
    static void end(ManagedProcess process) {
        process.end();
        ((ParentStopEvent) process.stopEvent()).close();
    }
}
