package dev.childproof.internal.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The run-wide defaults, from configuration parameters or built in.
 *
 * @param stopTimeout how long rung 1 of the stop ladder waits
 * @param killTimeout how long rung 2 waits
 * @param readyTimeout how long readiness is awaited
 * @param echo whether every process's output is echoed to the console
 * @param outputDir where per-test log files go
 * @param outputBufferBytes how much of each stream memory keeps
 * @param leakPolicy what {@code @DetectProcessLeaks} does by default
 * @param cgroupLayer whether each launched process gets a cgroup of its own where the system allows it
 *     ({@code auto}, the default) or never ({@code off}: one write less per launch and one read less at its end,
 *     and no wait for an RCU grace period on a cgroup2 mount without {@code favordynmods}; see README)
 * @param prespawn whether launches are handed to pre-spawned launcher shells where they can be ({@code on}), or
 *     always made directly ({@code off}, the default)
 * @param javaQuickStart whether Java children run with {@code -XX:TieredStopAtLevel=1} on a HotSpot JVM
 *     ({@code on}, the default: they start 11 to 18 % faster in every full benchmark run, and their code is never
 *     compiled beyond C1), or as the JVM chooses ({@code off})
 * @param anyPortListener whether {@code readyOnPort} takes any process's listening socket on the port ({@code any}),
 *     or only one of the launched process, of a process it started, or of one started after it ({@code own}, the
 *     default, on Linux; elsewhere any listener counts either way)
 */
public record Settings(
        Duration stopTimeout,
        Duration killTimeout,
        Duration readyTimeout,
        boolean echo,
        Path outputDir,
        int outputBufferBytes,
        LeakPolicy leakPolicy,
        boolean cgroupLayer,
        boolean prespawn,
        boolean javaQuickStart,
        boolean anyPortListener) {

    /** The built-in defaults. */
    public static final Settings DEFAULTS = new Settings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            false,
            Paths.get("target", "childproof"),
            1024 * 1024,
            LeakPolicy.FAIL,
            true,
            false,
            true,
            false);

    /** What to do with processes a test's own code leaked. */
    public enum LeakPolicy {
        /** Fail the test and end the processes. */
        FAIL,
        /** Print a warning and end the processes. */
        WARN,
        /** Do not look. */
        OFF
    }
}
