package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends signals to processes on POSIX systems. On Java 22+ (Linux) every signal goes through {@code kill(2)}
 * ({@link PosixCalls}). Otherwise SIGTERM and SIGKILL go through {@link ProcessHandle} (no helper program) and every
 * other signal through {@code kill -s NAME pid}, by name, so the system's own numbering applies.
 */
final class SignalSender {

    /** How many times {@code kill} is run before a signal counts as not sent. */
    static final int KILL_ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** What {@code kill} says on EPERM, in procps, util-linux, BSD and the shells' built-ins alike. */
    private static final String NOT_PERMITTED = "not permitted";

    private SignalSender() {
    }

    static boolean send(long pid, String signalName) {
        PosixCalls calls = PosixCalls.instance();
        if (calls.isAvailable()) {
            // Java 22+: kill(2) directly, by this system's number for the name
            return calls.signal(pid, SignalTable.current().number(signalName));
        }
        if ("TERM".equals(signalName) || "KILL".equals(signalName)) {
            try (DescriptorReserve.Guard ignored = DescriptorReserve.guard()) { // the JDK reads /proc/<pid>/stat
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                if (handle.isEmpty()) {
                    return false;
                }
                return "TERM".equals(signalName) ? handle.get().destroy() : handle.get().destroyForcibly();
            }
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
            try (DescriptorReserve.Guard ignored = DescriptorReserve.guard()) { // the JDK reads /proc/<pid>/stat
                return "TERM".equals(signalName) ? child.toHandle().destroy() : child.toHandle().destroyForcibly();
            }
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
        return killCommand(List.of("kill"), pid, signalName);
    }

    /**
     * Runs {@code <program> -s NAME pid}, up to {@value #KILL_ATTEMPTS} times while it fails and the process is
     * still there: its spawn can fail for a moment (EAGAIN at a process limit, ENOMEM on a loaded machine), and a
     * signal the test then waits for must not be lost silently. A signal not sent after the last attempt is warned
     * about on standard error with the reason.
     *
     * @param program the {@code kill} program and any arguments before {@code -s}
     * @return whether the signal was sent
     */
    static boolean killCommand(List<String> program, long pid, String signalName) {
        String failure = null;
        for (int attempt = 1; attempt <= KILL_ATTEMPTS; attempt++) {
            failure = runKill(program, pid, signalName);
            if (failure == null) {
                return true;
            }
            if (failure.contains(NOT_PERMITTED) || ProcessHandle.of(pid).isEmpty()) {
                return false; // refused (another user's: the caller says so), or gone: nothing lost
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (attempt < KILL_ATTEMPTS) {
                LockSupport.parkNanos(RETRY_PAUSE.toNanos());
            }
        }
        System.err.println("childproof: warning: SIG" + signalName + " was not sent to pid " + pid + ": "
                + String.join(" ", program) + " -s " + signalName + " " + pid + " " + failure + ".");
        return false;
    }

    /** @return null when the program signalled the process, else why not */
    private static String runKill(List<String> program, long pid, String signalName) {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of("-s", signalName, Long.toString(pid)));
        SpawnsInFlight.begin(); // until it is reaped, a leak check would take it for the test's own
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            kill.getOutputStream().close();
            if (!kill.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
                return "did not exit within " + KILL_WAIT.toSeconds() + " s";
            }
            if (kill.exitValue() == 0) {
                return null;
            }
            // its few bytes of output are in the pipe by now (it exited)
            String said = new String(kill.getInputStream().readNBytes(512), StandardCharsets.UTF_8).strip();
            return "exited with " + kill.exitValue() + (said.isEmpty() ? "" : " (" + said.replace('\n', ' ') + ")");
        } catch (IOException e) {
            return "could not be started (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "was interrupted";
        } finally {
            SpawnsInFlight.end();
        }
    }
}
