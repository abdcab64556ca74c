package dev.childproof.internal.process;

import dev.childproof.internal.Durations;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.output.OutputCapture;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a launched process is ready by every declared condition, failing as soon as the cause is known:
 * the process exited first, or the timeout passed. A line condition is checked by the drainer as each line
 * arrives; file and port conditions are probed every few milliseconds.
 */
final class ReadinessCheck {

    private ReadinessCheck() {
    }

    static void await(ManagedProcess process, ProcessDeclaration declaration, OutputCapture output, Path readyFile) {
        ProcessDeclaration.Readiness readiness = declaration.readiness();
        CountDownLatch lineSeen = new CountDownLatch(readiness.linePattern() == null ? 0 : 1);
        if (readiness.linePattern() != null) {
            output.listen(line -> {
                if (lineSeen.getCount() > 0 && readiness.linePattern().matcher(line.text()).find()) {
                    lineSeen.countDown();
                }
            });
            for (String line : output.lines()) {
                if (readiness.linePattern().matcher(line).find()) {
                    lineSeen.countDown();
                }
            }
        }
        long deadline = System.nanoTime() + readiness.timeout().toNanos();
        while (true) {
            List<String> missing = missing(readiness, lineSeen, readyFile);
            if (missing.isEmpty()) {
                return;
            }
            if (!process.isAlive()) {
                output.awaitDrained(Duration.ofMillis(500));
                throw new IllegalStateException("Process [" + process.name() + "] "
                        + process.exitStatus().map(Object::toString).orElse("exited") + " before it was ready ("
                        + String.join(", ", missing) + "); last lines:" + lastLines(output));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Process [" + process.name() + "] was not ready within "
                        + Durations.format(readiness.timeout()) + " (" + String.join(", ", missing)
                        + ") and is still running; last lines:" + lastLines(output));
            }
            try {
                lineSeen.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for process [" + process.name()
                        + "] to be ready", e);
            }
        }
    }

    private static List<String> missing(ProcessDeclaration.Readiness readiness, CountDownLatch lineSeen,
            Path readyFile) {
        List<String> missing = new ArrayList<>();
        if (lineSeen.getCount() > 0) {
            missing.add("no line matched /" + readiness.linePattern() + "/");
        }
        if (readiness.readyFile() && !Files.exists(readyFile)) {
            missing.add("it did not create its ready file");
        }
        if (readiness.port() > 0 && !accepts(readiness.port())) {
            missing.add("port " + readiness.port() + " did not accept connections");
        }
        return missing;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String lastLines(OutputCapture output) {
        List<String> tail = output.tail(20);
        return tail.isEmpty() ? " (none)" : System.lineSeparator() + String.join(System.lineSeparator(), tail);
    }
}
