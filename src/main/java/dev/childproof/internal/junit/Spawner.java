package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessSpawner;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationException;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.launch.ProcessOptions;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ProcessSpawner} of one scope: every process it spawns is created in that scope, so it is ended with
 * it. Options go through {@link DeclarationReader} like an annotation's.
 */
final class Spawner implements ProcessSpawner {

    private static final AtomicInteger SPAWNERS = new AtomicInteger();

    private final ProcessScope scope;
    private final Settings settings;
    private final Optional<String> stopsWithin;
    private final String id = "spawner:" + SPAWNERS.incrementAndGet();
    private final AtomicInteger count = new AtomicInteger();
    private final List<ChildProcess> spawned = new CopyOnWriteArrayList<>();

    /**
     * @param scope where the processes live
     * @param settings the run's defaults
     * @param stopsWithin the nearest {@code @StopsWithin} of the method or class the spawner was injected for
     */
    Spawner(ProcessScope scope, Settings settings, Optional<String> stopsWithin) {
        this.scope = scope;
        this.settings = settings;
        this.stopsWithin = stopsWithin;
    }

    @Override
    public Builder main(Class<?> mainClass) {
        Objects.requireNonNull(mainClass, "mainClass");
        return new SpawnerBuilder(this, ProcessOptions.defaults().with("main", mainClass));
    }

    @Override
    public Builder command(String... command) {
        Objects.requireNonNull(command, "command");
        for (String part : command) {
            Objects.requireNonNull(part, "command contains null");
        }
        return new SpawnerBuilder(this, ProcessOptions.defaults().with("command", command));
    }

    @Override
    public List<ChildProcess> processes() {
        return List.copyOf(spawned);
    }

    ChildProcess spawn(ProcessOptions options, Optional<Duration> deadline) {
        String name = options.name().isBlank() ? defaultName(options) : options.name().trim();
        String subject = "ProcessSpawner process [" + name + "]";
        if (deadline.isPresent() && options.daemon()) {
            throw new IllegalArgumentException(DeclarationReader.daemonWithDeadline(subject,
                    "stopsWithin(" + deadline.get() + ")"));
        }
        ProcessDeclaration declaration;
        try {
            declaration = DeclarationReader.read(options, subject, subject, name,
                    deadline.map(Duration::toString).or(() -> stopsWithin), settings);
        } catch (DeclarationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        // a spawner kept past the test or class it was injected for (a field it was copied to, say)
        ManagedProcess process = scope.create(id + "#" + count.incrementAndGet(), declaration, () -> subject
                + " cannot be spawned: the test or class this ProcessSpawner was injected for has ended, and its"
                + " processes with it; spawn from a ProcessSpawner parameter or field of the test that needs the"
                + " process (a static field for the whole class).");
        spawned.add(process);
        if (declaration.autoStart()) {
            process.start();
        }
        return process;
    }

    private static String defaultName(ProcessOptions options) {
        if (options.main() != void.class) {
            return options.main().getSimpleName();
        }
        String[] command = options.command();
        if (command.length == 0) {
            return "process";
        }
        // the last non-blank part of the path, as a text: Paths would refuse a NUL (before the option check that
        // names it) and has no file name for the root ("/")
        String[] parts = command[0].split(OperatingSystem.current().isPosix() ? "/" : "[/\\\\]");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isBlank()) {
                return parts[i];
            }
        }
        return "process";
    }

    @Override
    public String toString() {
        return "ProcessSpawner[" + spawned.size() + " spawned]";
    }
}
