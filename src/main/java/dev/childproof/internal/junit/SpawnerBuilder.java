package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessSpawner;
import dev.childproof.StopMethod;
import dev.childproof.internal.config.SettingsReader;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Collects {@link ProcessOptions} under the annotation's attribute names; checked only by {@link #spawn()}. */
final class SpawnerBuilder implements ProcessSpawner.Builder {

    private final Spawner spawner;
    private final List<String> env = new ArrayList<>();
    private ProcessOptions options;
    private Optional<Duration> stopsWithin = Optional.empty();

    SpawnerBuilder(Spawner spawner, ProcessOptions options) {
        this.spawner = spawner;
        this.options = options;
    }

    private SpawnerBuilder set(String attribute, Object value) {
        options = options.with(attribute, Objects.requireNonNull(value, attribute));
        return this;
    }

    @Override
    public ProcessSpawner.Builder args(String... args) {
        return set("args", noNulls("args", args));
    }

    @Override
    public ProcessSpawner.Builder jvmArgs(String... jvmArgs) {
        return set("jvmArgs", noNulls("jvmArgs", jvmArgs));
    }

    @Override
    public ProcessSpawner.Builder env(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty() || key.indexOf('=') >= 0) {
            throw new IllegalArgumentException("Environment variable name [" + key + "] is empty or contains =;"
                    + " give a name without =.");
        }
        if (key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Environment variable [" + key.replace("\0", "\\0")
                    + "] has a NUL character in its name or value, which no process can be given; remove it.");
        }
        env.removeIf(entry -> entry.startsWith(key + "=")); // a later value for the same name replaces the earlier
        env.add(key + "=" + value);
        return set("env", env.toArray(new String[0]));
    }

    @Override
    public ProcessSpawner.Builder workingDir(Path dir) {
        return set("workingDir", Objects.requireNonNull(dir, "dir").toString());
    }

    @Override
    public ProcessSpawner.Builder name(String name) {
        return set("name", name);
    }

    @Override
    public ProcessSpawner.Builder autoStart(boolean autoStart) {
        return set("autoStart", autoStart);
    }

    @Override
    public ProcessSpawner.Builder daemon(boolean daemon) {
        return set("daemon", daemon);
    }

    @Override
    public ProcessSpawner.Builder stopMethod(StopMethod stopMethod) {
        return set("stopMethod", stopMethod);
    }

    @Override
    public ProcessSpawner.Builder stopLine(String stopLine) {
        return set("stopLine", stopLine);
    }

    @Override
    public ProcessSpawner.Builder stopEvent(String sharedName) {
        return set("stopEvent", sharedName);
    }

    @Override
    public ProcessSpawner.Builder stopTimeout(Duration timeout) {
        return set("stopTimeout", checked("stopTimeout", timeout).toString());
    }

    @Override
    public ProcessSpawner.Builder killTimeout(Duration timeout) {
        return set("killTimeout", checked("killTimeout", timeout).toString());
    }

    @Override
    public ProcessSpawner.Builder readyWhen(String regex) {
        return set("readyWhen", regex);
    }

    @Override
    public ProcessSpawner.Builder readyOnPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("readyOnPort [" + port + "] is not a TCP port; use 1 to 65535, or 0"
                    + " for none.");
        }
        return set("readyOnPort", port);
    }

    @Override
    public ProcessSpawner.Builder readyFile(boolean readyFile) {
        return set("readyFile", readyFile);
    }

    @Override
    public ProcessSpawner.Builder readyTimeout(Duration timeout) {
        return set("readyTimeout", checked("readyTimeout", timeout).toString());
    }

    @Override
    public ProcessSpawner.Builder echo(boolean echo) {
        return set("echo", echo);
    }

    @Override
    public ProcessSpawner.Builder outputBufferKiB(int kib) {
        if (kib < 0 || kib > SettingsReader.MAX_OUTPUT_BUFFER_KIB) {
            throw new IllegalArgumentException("outputBufferKiB [" + kib + "] " + DeclarationReader.OUTPUT_BUFFER_RULE);
        }
        return set("outputBufferKiB", kib);
    }

    @Override
    public ProcessSpawner.Builder stopsWithin(Duration deadline) {
        stopsWithin = Optional.of(checked("stopsWithin", deadline));
        return this;
    }

    @Override
    public ChildProcess spawn() {
        return spawner.spawn(options, stopsWithin);
    }

    private static String[] noNulls(String option, String[] values) {
        Objects.requireNonNull(values, option);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(option + " [" + i + "] is null; give a string, empty if need be.");
            }
        }
        return values;
    }

    private static Duration checked(String option, Duration duration) {
        Objects.requireNonNull(duration, option);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(option + " [" + duration + "] is negative; give a duration of zero or"
                    + " more.");
        }
        return duration;
    }
}
