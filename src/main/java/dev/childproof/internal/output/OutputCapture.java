package dev.childproof.internal.output;

import dev.childproof.ProcessOutput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Drains both output streams of one process from the moment it starts, on two threads named
 * {@code childproof-drain-<name>-out} and {@code -err} that end when their stream does. Each line goes to the
 * bounded in-memory buffers, the log file, and any listener (readiness, echo).
 */
public final class OutputCapture implements ProcessOutput, AutoCloseable {

    private static final int CHUNK = 1 << 16;

    private final String name;
    private final LogFile log;
    private final BoundedLines stdout;
    private final BoundedLines stderr;
    private final BoundedLines both;
    private final List<Consumer<OutputLine>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(2);
    private volatile boolean ended;

    /**
     * Prepares the capture of one process.
     *
     * @param name the process's name (for thread names)
     * @param logFile where every line goes
     * @param bufferBytes how much of each stream memory keeps
     */
    public OutputCapture(String name, Path logFile, int bufferBytes) {
        this.name = name;
        this.log = new LogFile(logFile);
        this.stdout = new BoundedLines(bufferBytes);
        this.stderr = new BoundedLines(bufferBytes);
        this.both = new BoundedLines(2L * bufferBytes);
    }

    /** Adds a listener called, on a drainer thread, with every line from now on. */
    public void listen(Consumer<OutputLine> listener) {
        listeners.add(listener);
    }

    /** Starts draining the process's streams. */
    public void start(Process process, Charset charset) {
        drain(process.getInputStream(), OutputLine.Stream.STDOUT, charset);
        drain(process.getErrorStream(), OutputLine.Stream.STDERR, charset);
    }

    /** Marks the capture as having nothing more to wait for when both streams ended (or none was started). */
    public void noProcess() {
        drained.countDown();
        drained.countDown();
    }

    private void drain(InputStream in, OutputLine.Stream stream, Charset charset) {
        LineSplitter splitter = new LineSplitter(charset, text -> accept(new OutputLine(stream, text)));
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    splitter.accept(buffer, read);
                    if (in.available() == 0) {
                        log.flush();
                    }
                }
            } catch (IOException e) {
                // the stream was closed under us; whatever was read is kept
            } finally {
                splitter.finish();
                log.flush();
                drained.countDown();
                synchronized (this) {
                    notifyAll();
                }
            }
        }, "childproof-drain-" + name + "-" + stream.mark());
        thread.setDaemon(true);
        thread.start();
    }

    private void accept(OutputLine line) {
        log.write(line);
        synchronized (this) {
            (line.stream() == OutputLine.Stream.STDOUT ? stdout : stderr).add(line);
            both.add(line);
            notifyAll();
        }
        for (Consumer<OutputLine> listener : listeners) {
            listener.accept(line);
        }
    }

    /** Tells the capture the process has ended, so waiters stop waiting once the streams are drained. */
    public void processEnded() {
        ended = true;
        synchronized (this) {
            notifyAll();
        }
    }

    /** Waits up to the timeout for both streams to reach end-of-file; whether they did. */
    public boolean awaitDrained(Duration timeout) {
        try {
            return drained.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return drained.getCount() == 0;
        }
    }

    @Override
    public synchronized List<String> lines() {
        return both.texts(line -> true);
    }

    @Override
    public synchronized List<String> stdoutLines() {
        return stdout.texts(line -> true);
    }

    @Override
    public synchronized List<String> stderrLines() {
        return stderr.texts(line -> true);
    }

    /** The last {@code count} lines of both streams, marked by stream, for failure messages. */
    public synchronized List<String> tail(int count) {
        return both.last(count).stream()
                .map(line -> "[" + line.stream().mark() + "] " + line.text())
                .collect(Collectors.toList());
    }

    @Override
    public String awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (this) {
            while (true) {
                List<String> all = both.texts(line -> true);
                for (int i = Math.min(checked, all.size()); i < all.size(); i++) {
                    if (pattern.matcher(all.get(i)).find()) {
                        return all.get(i);
                    }
                }
                checked = all.size();
                boolean finished = ended && drained.getCount() == 0;
                long left = deadline - System.nanoTime();
                if (finished || left <= 0) {
                    throw new AssertionError("Process [" + name + "] " + (finished ? "exited" : "wrote no line")
                            + " matching /" + pattern + "/" + (finished ? " before any line matched /" + pattern
                            + "/" : " within " + dev.childproof.internal.Durations.format(timeout))
                            + "; last lines:" + System.lineSeparator() + String.join(System.lineSeparator(),
                            tail(20)));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted while waiting for process [" + name + "] to write a line"
                            + " matching /" + pattern + "/", e);
                }
            }
        }
    }

    @Override
    public Path logFile() {
        return log.path();
    }

    @Override
    public void close() {
        log.close();
    }
}
