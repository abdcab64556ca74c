package dev.childproof.internal.process;

import dev.childproof.ExitStatus;
import dev.childproof.ProcessNotReadyException;
import dev.childproof.internal.Durations;
import dev.childproof.internal.Timeouts;
import dev.childproof.internal.config.SettingsReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.output.LineWatch;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.output.OutputReport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Waits until a launched process is ready by every declared condition, failing as soon as the cause is known.
 * The line condition and the process's exit are events: the drainer matches each line as it arrives and wakes the
 * waiter, and the exit wakes it too, so neither waits for a poll. The ready file and the port have no event to
 * wait on here and are probed: the port, on Linux, by looking for a listening socket in the kernel's tables that
 * the process or a later one holds, elsewhere by connecting to it on the IPv4 and the IPv6 loopback addresses. A look
 * at the tables costs the kernel a walk of the host's TCP hash tables (about 7 ms of CPU on a 2-core container, however
 * few sockets it lists), so the probes back off ({@link #probeInterval}).
 */
final class ReadinessCheck {

    /** The shortest and the longest wait between two probes. */
    static final long PROBE_MIN_MILLIS = 5;
    static final long PROBE_MAX_MILLIS = 50;
    private static final Duration DRAIN_GRACE = Duration.ofMillis(500);
    /** {@code 127.0.0.1} and {@code ::1}. */
    private static final List<InetAddress> LOOPBACKS = List.of(loopback(new byte[] {127, 0, 0, 1}),
            loopback(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));

    private ReadinessCheck() {
    }

    private static InetAddress loopback(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for an address of a wrong length
        }
    }

    /**
     * Starts watching for the ready line, before the process is launched, so that no line can fall out of the
     * in-memory buffer unseen; null when no line is declared.
     */
    static LineWatch watchLine(ProcessDeclaration declaration, OutputCapture output) {
        Pattern pattern = declaration.readiness().linePattern();
        return pattern == null ? null : output.watch(pattern);
    }

    /** Waits until the process is ready, then closes the watch from {@link #watchLine}. */
    static void await(ManagedProcess process, ProcessDeclaration declaration, OutputCapture output, Path readyFile,
            LineWatch watch) {
        ProcessDeclaration.Readiness readiness = declaration.readiness();
        boolean probed = readiness.readyFile() || readiness.port() > 0;
        long began = System.nanoTime();
        long deadline = began + Timeouts.nanos(readiness.timeout());
        try {
            while (true) {
                if (watch != null && watch.failure() != null) {
                    throw new ProcessNotReadyException(watch.failureMessage(process.name(), watch.failure()),
                            watch.failure());
                }
                if (missing(readiness, watch, readyFile, process, false).isEmpty()) {
                    return;
                }
                if (output.processHasEnded()) {
                    output.awaitDrained(DRAIN_GRACE);
                    List<String> missing = missing(readiness, watch, readyFile, process, true);
                    if (missing.isEmpty()) {
                        return;
                    }
                    String how = process.join(DRAIN_GRACE).map(ExitStatus::toString).orElse("ended");
                    throw new ProcessNotReadyException("Process [" + process.name() + "] " + how
                            + " before it was ready (" + String.join(", ", missing) + ").\n"
                            + OutputReport.of(output), null);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ProcessNotReadyException("Process [" + process.name() + "] was not ready within "
                            + Durations.format(readiness.timeout()) + " (" + String.join(", ", missing(readiness,
                            watch, readyFile, process, true)) + ") and is still running.\n"
                            + OutputReport.of(output), null);
                }
                long wait = probed ? Math.min(left, probeInterval(System.nanoTime() - began)) : left;
                output.awaitEvent(wait, () -> output.processHasEnded()
                        || (watch != null && watch.failure() != null)
                        || (!probed && watch != null && watch.matched() != null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessNotReadyException("Interrupted while waiting for process [" + process.name()
                    + "] to be ready.", e);
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    /**
     * The wait before the next probe, in nanoseconds: an eighth of the time waited so far, from
     * {@value #PROBE_MIN_MILLIS} to {@value #PROBE_MAX_MILLIS} ms. A process ready after T is seen at most T/8 (and
     * {@value #PROBE_MAX_MILLIS} ms) late, so a fast one keeps the shortest interval; one that takes 2 s is probed
     * about 60 times instead of 400.
     */
    static long probeInterval(long waitedNanos) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(PROBE_MIN_MILLIS), Math.min(waitedNanos / 8,
                TimeUnit.MILLISECONDS.toNanos(PROBE_MAX_MILLIS)));
    }

    /**
     * What the process has not done yet of what it must do to be ready; empty once ready.
     *
     * @param describe whether to name another process that holds the port, for a failure (it reads every process's
     *     descriptors)
     */
    private static List<String> missing(ProcessDeclaration.Readiness readiness, LineWatch watch, Path readyFile,
            ManagedProcess process, boolean describe) {
        List<String> missing = new ArrayList<>();
        if (watch != null && watch.matched() == null) {
            missing.add("no line matched /" + readiness.linePattern() + "/");
        }
        if (readiness.readyFile() && !Files.exists(readyFile)) {
            missing.add("it did not create its ready file");
        }
        int port = readiness.port();
        if (port > 0 && !accepts(port, readiness.anyListener() ? null : process.readinessIdentity())) {
            Optional<String> other = describe ? OperatingSystem.current().loopbackListener(port) : Optional.empty();
            missing.add(other.map(holder -> "port " + port + " is held by " + holder + ", a process that was running"
                    + " before this one started (if that process serves this one, as a port forwarder or a daemon"
                    + " does, set " + SettingsReader.READY_PORT_LISTENER + "=any)")
                    .orElse("port " + port + " did not accept connections"));
        }
        return missing;
    }

    /**
     * Whether the process (or one it started) listens on the port, or any process does when {@code process} is
     * null: on Linux as the kernel's socket tables and the holders' descriptors say, without a connection, which
     * would use up a server that accepts one and show in a server's log; elsewhere by {@link #connects(int)}, where
     * any listener counts.
     */
    private static boolean accepts(int port, ProcessIdentity process) {
        return OperatingSystem.current().listensOnLoopback(port, process).orElseGet(() -> connects(port));
    }

    /**
     * Whether a connection to the port on a loopback address succeeds, closed at once: IPv4's first, then IPv6's,
     * where a server that binds {@code localhost} may listen only (Node 17 and later, for one).
     */
    static boolean connects(int port) {
        for (InetAddress loopback : LOOPBACKS) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(loopback, port), 50);
                return true;
            } catch (IOException | RuntimeException e) {
                // refused, or this address family is not available: try the next
            }
        }
        return false;
    }
}
