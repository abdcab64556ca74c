package dev.childproof.internal.os;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends signals to processes on POSIX systems. On Java 22+ (Linux) every signal goes through {@code kill(2)}
 * ({@link PosixCalls}). Otherwise SIGTERM and SIGKILL go through {@link ProcessHandle} (no helper program) and every
 * other signal through {@code kill -s NAME pid}, by name, so the system's own numbering applies.
 */
final class SignalSender {

    private SignalSender() {
    }

    static boolean send(long pid, String signalName) {
        PosixCalls calls = PosixCalls.instance();
        if (calls.isAvailable()) {
            // Java 22+: kill(2) directly, by this system's number for the name
            return calls.signal(pid, SignalTable.current().number(signalName));
        }
        if ("TERM".equals(signalName) || "KILL".equals(signalName)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                return false;
            }
            return "TERM".equals(signalName) ? handle.get().destroy() : handle.get().destroyForcibly();
        }
        return killCommand(pid, signalName);
    }

    /**
     * Signals a child this JVM started: as {@link #send}, but SIGTERM and SIGKILL without the Java 22+ calls go to
     * its own handle, whose start time the JDK recorded at the launch and checks natively (one read of {@code /proc}
     * on Linux where {@code ProcessHandle.of} and the check make two).
     */
    static boolean sendToChild(Process child, String signalName) {
        if (goesThroughTheJdk(signalName)) {
            return "TERM".equals(signalName) ? child.toHandle().destroy() : child.toHandle().destroyForcibly();
        }
        return send(child.pid(), signalName);
    }

    /**
     * Whether this signal goes through the JDK's {@code ProcessHandle} here (SIGTERM and SIGKILL without the Java 22+
     * calls), which on Linux reads {@code /proc/<pid>/stat} before it signals.
     */
    static boolean goesThroughTheJdk(String signalName) {
        return !PosixCalls.instance().isAvailable() && ("TERM".equals(signalName) || "KILL".equals(signalName));
    }

    private static boolean killCommand(long pid, String signalName) {
        SpawnsInFlight.begin(); // until it is reaped, a leak check would take it for the test's own
        try {
            Process kill = new ProcessBuilder("kill", "-s", signalName, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            SpawnsInFlight.end();
        }
    }
}
