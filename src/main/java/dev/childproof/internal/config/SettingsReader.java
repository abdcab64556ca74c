package dev.childproof.internal.config;

import dev.childproof.internal.Durations;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@link Settings} from configuration parameters ({@code junit-platform.properties} or {@code -D}). Every key
 * under {@code childproof.} must be known and every value well-formed; otherwise the first problem is reported in
 * one sentence naming the key.
 */
public final class SettingsReader {

    /** Default stop timeout. */
    public static final String STOP_TIMEOUT = "childproof.stop.timeout";
    /** Default kill timeout. */
    public static final String KILL_TIMEOUT = "childproof.kill.timeout";
    /** Default readiness timeout. */
    public static final String READY_TIMEOUT = "childproof.ready.timeout";
    /** Echo every process's output. */
    public static final String OUTPUT_ECHO = "childproof.output.echo";
    /** Directory for log files. */
    public static final String OUTPUT_DIR = "childproof.output.dir";
    /** In-memory bound per stream, in KiB. */
    public static final String OUTPUT_BUFFER = "childproof.output.buffer";
    /** The largest in-memory bound per stream, in KiB (1 GiB), for the key and for {@code outputBufferKiB}. */
    public static final int MAX_OUTPUT_BUFFER_KIB = 1024 * 1024;
    /** Leak policy: fail, warn or off. */
    public static final String LEAK_POLICY = "childproof.leaks.policy";
    /** The cgroup layer of cleanup: auto (a cgroup per process where cgroup2 is writable) or off. */
    public static final String CLEANUP_CGROUP = "childproof.cleanup.cgroup";
    /** Pre-spawned launchers: on or off. */
    public static final String LAUNCH_PRESPAWN = "childproof.launch.prespawn";
    /** Quick start of Java children ({@code -XX:TieredStopAtLevel=1}): on or off. */
    public static final String JAVA_QUICKSTART = "childproof.java.quickstart";
    /** Whose listening socket makes a process ready on its port: {@code own} or {@code any}. */
    public static final String READY_PORT_LISTENER = "childproof.ready.port.listener";

    /** Every key this version understands. */
    public static final Set<String> KEYS = Set.of(
            STOP_TIMEOUT, KILL_TIMEOUT, READY_TIMEOUT, OUTPUT_ECHO, OUTPUT_DIR, OUTPUT_BUFFER, LEAK_POLICY,
            CLEANUP_CGROUP, LAUNCH_PRESPAWN, JAVA_QUICKSTART, READY_PORT_LISTENER);

    private SettingsReader() {
    }

    /**
     * Reads the settings.
     *
     * @param lookup a configuration parameter by key
     * @param presentKeys every configuration key that is set and starts with {@code childproof.}, for the check
     *     of unknown keys
     * @return the settings
     * @throws IllegalArgumentException naming the key, for an unknown key or a malformed value
     */
    public static Settings read(Function<String, Optional<String>> lookup, Set<String> presentKeys) {
        presentKeys.stream().filter(key -> key.startsWith("childproof.")).filter(key -> !KEYS.contains(key))
                .sorted().findFirst().ifPresent(key -> {
                    throw new IllegalArgumentException("Unknown configuration parameter [" + key + "]; the keys under"
                            + " childproof. are " + String.join(", ", new TreeSet<>(KEYS)) + ".");
                });
        Settings d = Settings.DEFAULTS;
        return new Settings(
                duration(lookup, STOP_TIMEOUT, d.stopTimeout()),
                duration(lookup, KILL_TIMEOUT, d.killTimeout()),
                duration(lookup, READY_TIMEOUT, d.readyTimeout()),
                bool(lookup, OUTPUT_ECHO, d.echo()),
                lookup.apply(OUTPUT_DIR).map(String::trim).filter(s -> !s.isEmpty()).map(SettingsReader::outputDir)
                        .orElse(d.outputDir()),
                kib(lookup, OUTPUT_BUFFER, d.outputBufferBytes()),
                lookup.apply(LEAK_POLICY).map(value -> leakPolicy(value)).orElse(d.leakPolicy()),
                lookup.apply(CLEANUP_CGROUP).map(SettingsReader::cgroupLayer).orElse(d.cgroupLayer()),
                lookup.apply(LAUNCH_PRESPAWN).map(SettingsReader::prespawn).orElse(d.prespawn()),
                lookup.apply(JAVA_QUICKSTART).map(SettingsReader::javaQuickStart).orElse(d.javaQuickStart()),
                lookup.apply(READY_PORT_LISTENER).map(SettingsReader::anyPortListener).orElse(d.anyPortListener()));
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, Duration fallback) {
        return lookup.apply(key).map(value -> Durations.parse(value).orElseThrow(() -> new IllegalArgumentException(
                "Configuration parameter [" + key + "] has value [" + value
                        + "], which is not a duration; write it like 500ms, 2s, 1m or PT2S."))).orElse(fallback);
    }

    private static boolean bool(Function<String, Optional<String>> lookup, String key, boolean fallback) {
        return lookup.apply(key).map(value -> {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("Configuration parameter [" + key + "] has value [" + value
                        + "], which is not a boolean; write true or false.");
            }
            return Boolean.parseBoolean(v);
        }).orElse(fallback);
    }

    private static int kib(Function<String, Optional<String>> lookup, String key, int fallbackBytes) {
        return lookup.apply(key).map(value -> {
            try {
                int kib = Integer.parseInt(value.trim());
                if (kib > 0 && kib <= MAX_OUTPUT_BUFFER_KIB) {
                    return kib * 1024;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("Configuration parameter [" + key + "] has value [" + value
                    + "], which is not a size in KiB; write a whole number from 1 to " + MAX_OUTPUT_BUFFER_KIB + ".");
        }).orElse(fallbackBytes);
    }

    /**
     * A directory for the logs, or a path where one can be made: the nearest part of it that exists must be a
     * directory. Checked here because a log that cannot be written is otherwise seen only in a failure's report.
     */
    private static Path outputDir(String value) {
        Path dir;
        try {
            dir = Paths.get(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Configuration parameter [" + OUTPUT_DIR + "] has value ["
                    + value.replace("\0", "\\0") + "], which is not a path (" + e.getReason()
                    + "); name a directory.");
        }
        for (Path existing = dir.toAbsolutePath(); existing != null; existing = existing.getParent()) {
            if (Files.exists(existing)) {
                if (!Files.isDirectory(existing)) {
                    throw new IllegalArgumentException("Configuration parameter [" + OUTPUT_DIR + "] has value ["
                            + value + "], but [" + existing + "] is not a directory; name a directory, or a path"
                            + " where one can be made.");
                }
                break;
            }
        }
        return dir;
    }

    private static boolean cgroupLayer(String value) {
        return either(CLEANUP_CGROUP, value, "auto", "off", "a cgroup mode");
    }

    private static boolean prespawn(String value) {
        return either(LAUNCH_PRESPAWN, value, "on", "off", "a launch mode");
    }

    private static boolean javaQuickStart(String value) {
        return either(JAVA_QUICKSTART, value, "on", "off", "a quick-start mode");
    }

    private static boolean anyPortListener(String value) {
        return either(READY_PORT_LISTENER, value, "any", "own", "a port listener rule");
    }

    /** Whether a two-valued parameter has its first value, in any case; its value must be one of the two. */
    private static boolean either(String key, String value, String yes, String no, String kind) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals(yes) && !v.equals(no)) {
            throw new IllegalArgumentException("Configuration parameter [" + key + "] has value [" + value
                    + "], which is not " + kind + "; write " + yes + " or " + no + ".");
        }
        return v.equals(yes);
    }

    private static Settings.LeakPolicy leakPolicy(String value) {
        try {
            return Settings.LeakPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Configuration parameter [" + LEAK_POLICY + "] has value [" + value
                    + "], which is not a leak policy; write fail, warn or off.");
        }
    }
}
