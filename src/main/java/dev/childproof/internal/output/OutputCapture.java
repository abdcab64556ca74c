package dev.childproof.internal.output;

import dev.childproof.ProcessOutput;
import dev.childproof.internal.Durations;
import dev.childproof.internal.Monitors;
import dev.childproof.internal.Timeouts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Drains both output streams of one process from the moment it starts, on two daemon threads of the JVM-wide
 * {@link DrainerThreads}, named {@code childproof-drain-<name>-out} and {@code -err} while they serve this
 * capture, which they do until their stream ends.
 * Every read of whole lines goes as bytes to the log file and to the bounded in-memory {@link RecentOutput}; only
 * while someone listens (readiness, {@code awaitLine}, echo) are the lines decoded and offered one by one, on the
 * drainer thread, in order, before the stream counts as drained. The log file is closed once both streams have
 * ended (nothing more can come), or by {@link #close()}, whichever is first.
 */
public final class OutputCapture implements ProcessOutput, AutoCloseable {

    /** How long after the process ended waiters still wait for its streams to end (a grandchild may hold them). */
    public static final Duration DRAIN_GRACE = Duration.ofMillis(500);

    private final String name;
    private final DrainerThreads drainers;
    private final LogWriter log;
    private final Charset charset = StandardCharsets.UTF_8;
    private final RecentOutput recent;
    private final ChunkPool chunks = new ChunkPool();
    private final List<Consumer<OutputLine>> listeners = new CopyOnWriteArrayList<>();
    /** The line each stream has begun but not ended, by the stream's ordinal; null for none. */
    private final Drainer.Partial[] partials = new Drainer.Partial[OutputLine.Stream.values().length];
    private long nextSegment;
    private int streamsOpen = 2;
    /** Guarded by {@code this}: whether the log was closed while a stream was still open. */
    private boolean closedBeforeDrained;
    private long endedNanos = -1;
    private String howItEnded;
    private volatile Consumer<Process> whenStreamsEnd = process -> { };
    private volatile Process process;
    private volatile Runnable beforeWaiting = () -> { };

    /**
     * Prepares the capture of one process.
     *
     * @param name the process's name (for thread names and messages)
     * @param logFile where every line goes
     * @param bufferBytes how much of each stream memory keeps
     */
    public OutputCapture(String name, Path logFile, int bufferBytes) {
        this(name, logFile, bufferBytes, DrainerThreads.shared());
    }

    /**
     * Prepares the capture of one process whose drainer and log threads come from the given factory, in a pool of
     * their own instead of the JVM's: tests pass one that fails as {@link Thread#start} fails at a process limit.
     *
     * @param name the process's name (for thread names and messages)
     * @param logFile where every line goes
     * @param bufferBytes how much of each stream memory keeps
     * @param threads makes the drainer and log threads (each named, a daemon)
     */
    public OutputCapture(String name, Path logFile, int bufferBytes, ThreadFactory threads) {
        this(name, logFile, bufferBytes, new DrainerThreads(DrainerThreads.KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                threads));
    }

    private OutputCapture(String name, Path logFile, int bufferBytes, DrainerThreads drainers) {
        this.name = name;
        this.drainers = drainers;
        this.log = new LogWriter(new LogFile(logFile), "childproof-log-" + name, drainers, LogWriter.INLINE_BYTES);
        this.recent = new RecentOutput(bufferBytes, charset);
    }

    /**
     * Adds a listener called, on a drainer thread, with every line from now on.
     *
     * @return what removes it again
     */
    public Runnable listen(Consumer<OutputLine> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Watches for a line matching {@code pattern}: the kept lines first, then every line as it arrives. Close the
     * watch when done with it, so the drainers stop decoding for it.
     */
    public LineWatch watch(Pattern pattern) {
        LineWatch watch = new LineWatch(pattern, this::signal);
        synchronized (this) {
            // the kept lines first, and only then the listener: a drainer offers a read's lines outside this lock,
            // after the read joined the kept lines, so a listener added first could match a line of that newer read
            // before an older kept line. Every read kept by now is among these lines, and every later one is added
            // under this lock once it is released, so it sees the listener: none is missed
            for (OutputLine line : recent.lines(null)) {
                if (watch.offer(line)) {
                    break;
                }
            }
            watch.removal(listen(watch::offer));
        }
        return watch;
    }

    /**
     * Sets what runs, on the drainer thread, with the process once both streams have ended (the process's owner
     * records the exit there: almost always the streams end because the process did).
     */
    public void whenStreamsEnd(Consumer<Process> action) {
        whenStreamsEnd = action;
    }

    /**
     * Sets what runs before a thread waits for lines or for the process's end here (the process's owner makes sure
     * the exit will wake it).
     */
    public void beforeWaiting(Runnable action) {
        beforeWaiting = action;
    }

    /**
     * Starts draining the process's streams.
     *
     * @throws OutOfMemoryError when a drainer thread cannot be started (the JVM is at its process or thread limit):
     *     the output is then not read, or standard output only
     */
    public void start(Process process) {
        this.process = process;
        drain(process.getInputStream(), OutputLine.Stream.STDOUT);
        drain(process.getErrorStream(), OutputLine.Stream.STDERR);
    }

    private void drain(InputStream in, OutputLine.Stream stream) {
        String threadName = "childproof-drain-" + name + "-" + stream.mark();
        drainers.drain(threadName, new Drainer(in, stream, chunks, new Drainer.Sink() {
            @Override
            public void started() {
                log.file().open();
            }

            @Override
            public void lines(OutputLine.Stream s, byte[] lines, int length) {
                accept(s, lines, length);
            }

            @Override
            public void partial(Drainer.Partial partial) {
                begun(partial);
            }

            @Override
            public void idle() {
                log.flushSoon();
            }

            @Override
            public void ended(OutputLine.Stream s) {
                log.flushAll();
                if (streamEnded()) {
                    // nothing more can come, so the log closes now rather than at the scope's end: a scope that
                    // runs many processes one after the other holds no file open for each one that ended
                    log.close();
                    chunks.close();
                    whenStreamsEnd.accept(process);
                }
            }
        }));
    }

    private void accept(OutputLine.Stream stream, byte[] lines, int length) {
        Segment segment;
        synchronized (this) {
            segment = new Segment(stream, nextSegment++, lines, length, chunks);
            recent.add(segment);
            partials[stream.ordinal()] = null; // ended by the first of these lines
            // queued inside the lock, so the log has the segments in the order they are numbered
            log.write(segment);
        }
        log.awaitRoom();
        if (!listeners.isEmpty()) {
            for (OutputLine line : segment.lines(charset)) {
                for (Consumer<OutputLine> listener : listeners) {
                    listener.accept(line);
                }
            }
        }
        segment.release();
    }

    private synchronized void begun(Drainer.Partial partial) {
        partials[partial.stream().ordinal()] = partial;
    }

    /**
     * The line each stream has begun but not ended, as far as it had been read when the stream last had nothing
     * more to read: standard output's first. Taken with this capture's lock held together with {@link #lastLines},
     * each line shows once, as begun here or among the last lines once ended.
     */
    synchronized List<Drainer.Partial> partialLines() {
        List<Drainer.Partial> begun = new ArrayList<>(2);
        for (Drainer.Partial partial : partials) {
            if (partial != null) {
                begun.add(partial);
            }
        }
        return begun;
    }

    /** Counts a stream's end; whether it was the last one open. */
    private synchronized boolean streamEnded() {
        streamsOpen--;
        notifyAll();
        return streamsOpen == 0;
    }

    private synchronized void signal() {
        notifyAll();
    }

    /**
     * Tells the capture the process has ended, so waiters stop waiting once the streams are drained.
     *
     * @param how how it ended, for messages, such as {@code exited with code 3}
     */
    public synchronized void processEnded(String how) {
        if (endedNanos < 0) {
            endedNanos = System.nanoTime();
            howItEnded = how;
        }
        notifyAll();
    }

    /** @return whether the process has ended (its streams may still be draining) */
    public synchronized boolean processHasEnded() {
        return endedNanos >= 0;
    }

    /**
     * Waits up to {@code nanos}, or until a watch matches, a stream ends or the process ends; returns at once when
     * {@code done} is true already. Lets a caller wait for output events without missing one.
     */
    public void awaitEvent(long nanos, BooleanSupplier done) throws InterruptedException {
        beforeWaiting.run();
        synchronized (this) {
            if (!done.getAsBoolean() && nanos > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
        }
    }

    /** Waits up to the timeout for both streams to reach end-of-file; whether they did. */
    public boolean awaitDrained(Duration timeout) {
        synchronized (this) {
            return Monitors.awaitUntil(this, () -> streamsOpen <= 0, timeout);
        }
    }

    /**
     * As {@link #awaitDrained}, but no later than {@link #DRAIN_GRACE} after the process ended (from now when its end
     * is not known yet): a descendant that holds the streams past that holds them for every waiter alike, so a
     * {@code join()} after an {@code awaitLine} that waited out the grace, or long after the exit, does not wait again.
     */
    public boolean awaitDrainedAfterExit(Duration timeout) {
        synchronized (this) {
            long now = System.nanoTime();
            long graceLeft = (endedNanos >= 0 ? endedNanos : now) + DRAIN_GRACE.toNanos() - now;
            long wait = Math.max(0, Math.min(Timeouts.nanos(timeout), graceLeft));
            return Monitors.awaitUntil(this, () -> streamsOpen <= 0, Duration.ofNanos(wait));
        }
    }

    @Override
    public List<String> lines() {
        return texts(null);
    }

    @Override
    public List<String> stdoutLines() {
        return texts(OutputLine.Stream.STDOUT);
    }

    @Override
    public List<String> stderrLines() {
        return texts(OutputLine.Stream.STDERR);
    }

    private synchronized List<String> texts(OutputLine.Stream stream) {
        List<OutputLine> lines = recent.lines(stream);
        List<String> texts = new ArrayList<>(lines.size());
        for (OutputLine line : lines) {
            texts.add(line.text());
        }
        return texts;
    }

    /** The last {@code count} kept lines of both streams, in arrival order. */
    public synchronized List<OutputLine> lastLines(int count) {
        return recent.last(count);
    }

    /** The last {@code count} lines of both streams, each marked {@code [out]} or {@code [err]}. */
    public List<String> tail(int count) {
        List<String> tail = new ArrayList<>();
        for (OutputLine line : lastLines(count)) {
            tail.add("[" + line.stream().mark() + "] " + line.text());
        }
        return tail;
    }

    /** @return how many bytes of output memory keeps for this process, as counted against its bound */
    public synchronized long keptBytes() {
        return recent.keptBytes();
    }

    @Override
    public String awaitLine(Pattern pattern, Duration timeout) {
        Objects.requireNonNull(pattern, "pattern");
        if (process == null) {
            // as every other waiting call on a NEW process: it would wait its whole timeout for nothing
            throw new IllegalStateException("Process [" + name + "] is NEW, so awaitLine() cannot be used yet; call"
                    + " start() first.");
        }
        long deadline = System.nanoTime() + Timeouts.nanos(timeout);
        beforeWaiting.run();
        try (LineWatch watch = watch(pattern)) {
            synchronized (this) {
                while (watch.matched() == null) {
                    watch.throwIfFailed(name);
                    long now = System.nanoTime();
                    if (endedNanos >= 0 && (streamsOpen == 0 || now - endedNanos >= DRAIN_GRACE.toNanos())) {
                        throw new AssertionError("Process [" + name + "] " + howItEnded + " before writing a line"
                                + " matching /" + pattern + "/.\n" + OutputReport.of(this));
                    }
                    if (now >= deadline) {
                        throw new AssertionError("Process [" + name + "] wrote no line matching /" + pattern
                                + "/ within " + Durations.format(timeout.isNegative() ? Duration.ZERO : timeout)
                                + ".\n"
                                + OutputReport.of(this));
                    }
                    long wait = deadline - now;
                    if (endedNanos >= 0) {
                        wait = Math.min(wait, endedNanos + DRAIN_GRACE.toNanos() - now);
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for process [" + name
                                + "] to write a line matching /" + pattern + "/", e);
                    }
                }
                return watch.matched();
            }
        }
    }

    @Override
    public Path logFile() {
        return log.file().path();
    }

    /** @return whether the log file was made: the process wrote something (a silent one gets none) */
    public boolean hasLogFile() {
        return log.file().isMade();
    }

    /** @return why the log file is incomplete, or null when it has every line so far */
    public IOException logFailure() {
        return log.file().failure();
    }

    /**
     * Flushes and closes the log file, if the end of both streams has not closed it already; lines still arriving
     * afterwards are kept in memory only.
     */
    @Override
    public void close() {
        synchronized (this) {
            closedBeforeDrained |= streamsOpen > 0;
        }
        log.close();
    }

    /** Whether {@link #close()} found a stream still open (a descendant held it): later lines missed the log. */
    public synchronized boolean closedBeforeDrained() {
        return closedBeforeDrained;
    }
}
