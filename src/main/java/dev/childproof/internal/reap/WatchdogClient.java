package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;
import dev.childproof.internal.watchdog.OwnedDirectory;
import dev.childproof.internal.watchdog.Watchdog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The test JVM's side of the watchdog: starts it on first use (from the jar, or class directory, this class was
 * loaded from, in its own session through {@code setsid} where there is one) and tells it every launched and
 * adopted process, one short line each on the pipe to its standard input. The JVM never closes that pipe; the
 * operating system does when the JVM ends, which is how the watchdog learns of it.
 */
public final class WatchdogClient {

    private static final WatchdogClient INSTANCE = new WatchdogClient();

    private volatile OutputStream pipe;
    private volatile Process process;
    private volatile boolean failed;
    /**
     * Records not yet written: end records go with the next record, the run directory's as soon as the watchdog
     * runs. Guarded by this.
     */
    private final StringBuilder pending = new StringBuilder();

    private WatchdogClient() {
    }

    /** The watchdog of this JVM. */
    public static WatchdogClient instance() {
        return INSTANCE;
    }

    /** Tells the watchdog about a launched process, starting the watchdog first if this is the first one. */
    public void launched(LaunchRecord record) {
        ProcessIdentity id = record.identity();
        write("L " + id.pid() + " " + id.startTime() + " " + record.cookie() + "\n");
    }

    /** Tells the watchdog about an orphan the JVM adopted. */
    public void adopted(ProcessIdentity id) {
        write("A " + id.pid() + " " + id.startTime() + "\n");
    }

    /**
     * Tells the watchdog a launched process ended with its tree, with the next record written rather than at
     * once: each write wakes the watchdog, and an end it never hears of costs nothing (it checks identities before
     * it kills, and a gone process is no longer the recorded one).
     */
    public void ended(LaunchRecord record) {
        gone(record.identity());
    }

    /**
     * Tells the watchdog a recorded process (launched or adopted) is gone, with the next record written, as
     * {@link #ended}.
     */
    public void gone(ProcessIdentity id) {
        if (pipe != null) {
            synchronized (this) {
                pending.append("E ").append(id.pid()).append(' ').append(id.startTime()).append('\n');
            }
        }
    }

    /** The records not yet written, for tests. */
    synchronized String pending() {
        return pending.toString();
    }

    /**
     * Tells the watchdog the run directory, which it removes when the JVM is killed (only while it is still this
     * directory: same device, inode and owner): at once when the watchdog runs, else as soon as it starts. Nothing
     * is told where the system does not give those.
     */
    public void runDirectory(Path directory) {
        OwnedDirectory.of(directory).ifPresent(owned -> {
            synchronized (this) {
                pending.append(owned.ledgerLine());
                if (pipe != null) {
                    writePending(pipe); // else start() writes it
                }
            }
        });
    }

    /** Starts the watchdog unless it runs (or could not be started); before the first launch. */
    public void ensureRunning() {
        if (pipe == null) {
            start();
        }
    }

    /** The watchdog's pid, when it runs. */
    public OptionalLong pid() {
        Process p = process;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
    }

    private void write(String line) {
        OutputStream out = pipe;
        if (out == null) {
            out = start();
            if (out == null) {
                return;
            }
        }
        synchronized (this) {
            pending.append(line);
            writePending(out);
        }
    }

    /** Writes the pending records; the caller holds this. */
    private void writePending(OutputStream out) {
        try {
            out.write(pending.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the watchdog is gone (killed by someone); the shutdown hook and the next run's start-up sweep remain
            failed = true;
        }
        pending.setLength(0);
    }

    private synchronized OutputStream start() {
        if (pipe != null || failed) {
            return pipe;
        }
        SpawnsInFlight.begin();
        try {
            Process started = new ProcessBuilder(commandLine())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process = started;
            pipe = started.getOutputStream();
            if (pending.length() > 0) {
                writePending(pipe); // the run directory, made before the first launch
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            System.err.println("childproof: could not start the watchdog (" + e + "); processes left by a killed"
                    + " test JVM are ended by the next run instead.");
        } finally {
            SpawnsInFlight.end(); // the watchdog is known by its pid now
        }
        return pipe;
    }

    static List<String> commandLine() {
        List<String> line = new ArrayList<>();
        Path setsid = Paths.get("/usr/bin/setsid");
        if (!Files.isExecutable(setsid)) {
            setsid = Paths.get("/bin/setsid");
        }
        if (Files.isExecutable(setsid)) {
            line.add(setsid.toString());
        }
        line.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        line.add("-Xmx24m");
        line.add("-XX:+UseSerialGC");
        line.add("-XX:TieredStopAtLevel=1");
        line.add("-XX:-UsePerfData");
        line.add("-Xshare:auto");
        line.add("-cp");
        line.add(ownClassPath());
        line.add(Watchdog.class.getName());
        line.add(RunCookie.current().runId());
        line.add(Containment.instance().runDirectory().map(Path::toString).orElse("-"));
        return line;
    }

    private static String ownClassPath() {
        CodeSource source = Watchdog.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                return Paths.get(source.getLocation().toURI()).toString();
            } catch (URISyntaxException | RuntimeException e) {
                // fall back to the JVM's class path
            }
        }
        return System.getProperty("java.class.path");
    }
}
