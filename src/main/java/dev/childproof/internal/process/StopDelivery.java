package dev.childproof.internal.process;

import dev.childproof.StopMethod;
import dev.childproof.internal.os.OperatingSystem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * Carries a stop request to one process by its {@link StopMethod} (the stop file itself is the event's job), and
 * signals the process the JDK started.
 */
final class StopDelivery {

    private StopDelivery() {
    }

    /**
     * Delivers a stop request.
     *
     * @param threads starts the thread that writes to standard input ({@link Thread#start}; it throws the JDK's
     *     {@code OutOfMemoryError} where no thread can be had)
     * @param notWritten told, on that thread, why the stop line could not be written (the child closed its standard
     *     input, or the test did)
     * @return false when a signal to deliver it was not sent (the process is gone, or the system refused or failed
     *     it), or when no thread could be started to write to standard input (a process or thread limit: written on
     *     the caller's thread, a full pipe would hold the stop ladder for ever); true otherwise, a write to standard
     *     input being under way on a thread of its own
     */
    static boolean deliver(StopMethod method, String stopLine, Process process, OperatingSystem os,
            Consumer<Thread> threads, Consumer<IOException> notWritten) {
        switch (method) {
            case SIGTERM:
                // the JDK holds the pid until it reaps the child: no identity read of /proc first (see signalChild)
                return signalChild(process, os, "TERM");
            case SIGINT:
                return signalChild(process, os, "INT");
            case CLOSE_STDIN:
                return offThread("childproof-stop-stdin-" + process.pid(),
                        () -> closeQuietly(process.getOutputStream()), threads) != null;
            case STDIN_LINE:
                return offThread("childproof-stop-stdin-" + process.pid(),
                        () -> writeLine(process.getOutputStream(), stopLine, notWritten), threads) != null;
            default:
                return true;
        }
    }

    /**
     * Signals a child the JDK started and has not reaped, by {@link OperatingSystem#signalChild}: the JDK's own
     * knowledge is the identity check, with no read of {@code /proc} that could fail or cost.
     *
     * @return whether the signal was sent
     */
    static boolean signalChild(Process process, OperatingSystem os, String signalName) {
        return os.signalChild(process, signalName);
    }

    /**
     * Writes to a child's standard input on a thread of its own ({@code childproof-stop-stdin-<pid>} for a stop
     * delivery, {@code childproof-stdin-<pid>} for {@code sendLine}), so that its caller waits on the pipe only if it
     * chooses to, and interruptibly: a child that does not read it, with the pipe full, would block the write (or the
     * flush of a close) for ever, and with it the stop ladder or the test. The thread ends when the write returns: at
     * once when the pipe has room, else when the child reads, or fails when the child (and every descendant that
     * holds the pipe) has died, at the latest at the ladder's SIGKILL.
     *
     * @param threads starts the thread ({@link Thread#start})
     * @return the write, to wait for or not; null when no thread could be started (the JVM is at a process or thread
     *     limit: {@code OutOfMemoryError}, "unable to create native thread"), so nothing was written
     */
    static FutureTask<Void> offThread(String threadName, Callable<Void> write, Consumer<Thread> threads) {
        FutureTask<Void> task = new FutureTask<>(write);
        Thread writer = new Thread(task, threadName);
        writer.setDaemon(true);
        try {
            threads.accept(writer);
        } catch (OutOfMemoryError e) {
            return null;
        }
        return task;
    }

    private static Void writeLine(OutputStream stdin, String line, Consumer<IOException> notWritten) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            notWritten.accept(e); // the child no longer reads its input; the ladder's next rung takes over
        }
        return null;
    }

    private static Void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        return null;
    }
}
