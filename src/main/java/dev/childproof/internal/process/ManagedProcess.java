package dev.childproof.internal.process;

import dev.childproof.ChildProcess;
import dev.childproof.ExitStatus;
import dev.childproof.ProcessOutput;
import dev.childproof.ProcessState;
import dev.childproof.Signal;
import dev.childproof.StopEvent;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.Timeline;
import dev.childproof.internal.Durations;
import dev.childproof.internal.Timeouts;
import dev.childproof.internal.Uninterrupted;
import dev.childproof.internal.launch.Launcher;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessActivity;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;
import dev.childproof.internal.output.LineWatch;
import dev.childproof.internal.output.LiveEcho;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.internal.reap.LaunchRegistry;
import dev.childproof.internal.reap.PidWindow;
import dev.childproof.internal.reap.ProcessTree;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.internal.stop.LadderTarget;
import dev.childproof.internal.stop.ParentStopEvent;
import dev.childproof.internal.stop.RunDirectory;
import dev.childproof.internal.stop.StopLadder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@link ChildProcess} handle. Queries read volatile fields or the operating system and never block; the
 * exit status is recorded once, by whoever sees the exit first (see {@link #watchExit()}).
 */
public final class ManagedProcess implements ChildProcess, LadderTarget {

    /** How long the drainer that read the end of both streams waits for the exit before watching for it instead. */
    private static final Duration EXIT_AFTER_STREAMS_END = Duration.ofMillis(100);

    private final ProcessDeclaration declaration;
    private final ParentStopEvent stopEvent;
    private final OperatingSystem os;
    /** Starts the threads that write to standard input; tests give one that cannot start any. */
    private volatile Consumer<Thread> writerThreads = Thread::start;
    private final ProcessTimeline timeline = new ProcessTimeline();
    private final OutputCapture output;
    private final Path readyFile;
    private final String cookie;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Done when the one start (launch and readiness) returned or failed, for threads that wait for it. */
    private final CompletableFuture<Void> startDone = new CompletableFuture<>();
    /** Why the launch itself failed, for the message of a second {@link #start()}. */
    private volatile RuntimeException launchFailure;
    /** Whether the JDK's exit notification was asked for ({@link #watchExit()}). */
    private final AtomicBoolean exitWatched = new AtomicBoolean();
    /** Whether something asked for the exit notification, possibly before the launch. */
    private volatile boolean exitWanted;
    /** Whether the thread that asked this process to stop waits for its exit itself (so records it at once). */
    private volatile boolean stopAwaitedByRequester;
    private final Ending ending;
    private final SignalCalls signals;
    /** Guards launching against ending: held only while the OS process is created, never while waiting. */
    private final Object launchLock = new Object();
    private final Object treeLock = new Object();

    private volatile Process process;
    /** The script a pre-spawned launcher sourced to become the process, deleted when it has ended. */
    private volatile Optional<Path> scriptFile = Optional.empty();
    private volatile LaunchRecord record;
    /**
     * {@link OperatingSystem#startTimeNow()} as the launch was asked for, where readyOnPort needs it (a launch that
     * may be pre-spawned: a direct one's own start time is later anyway); else -1.
     */
    private volatile long launchAsked = -1;
    private volatile Instant startInstant;
    private volatile PidWindow pidWindow;
    private volatile boolean ready;
    private volatile ProcessTree knownTree;
    private boolean ended;

    /**
     * Creates a handle in state NEW.
     *
     * @param declaration what to run
     * @param stopEvent its stop event (its own or shared)
     * @param logFile where its output goes
     * @param os the operating system
     */
    public ManagedProcess(ProcessDeclaration declaration, ParentStopEvent stopEvent, Path logFile,
            OperatingSystem os) {
        this(declaration, stopEvent, new OutputCapture(declaration.name(), logFile, declaration.outputBufferBytes()),
                os);
    }

    /**
     * Creates a handle in state NEW whose output goes to the given capture (tests give one whose threads cannot be
     * started).
     *
     * @param declaration what to run
     * @param stopEvent its stop event (its own or shared)
     * @param output the capture of its output, made for this process
     * @param os the operating system
     */
    ManagedProcess(ProcessDeclaration declaration, ParentStopEvent stopEvent, OutputCapture output,
            OperatingSystem os) {
        this.declaration = declaration;
        this.stopEvent = stopEvent;
        this.os = os;
        this.output = output;
        this.ending = new Ending(timeline, status -> output.processEnded(status.toString()));
        this.signals = new SignalCalls(this, os, timeline);
        if (declaration.echo()) {
            output.listen(new LiveEcho(declaration.name()));
        }
        output.whenStreamsEnd(this::streamsEnded);
        output.beforeWaiting(this::watchExit);
        this.readyFile = RunDirectory.instance().newFile("ready");
        this.cookie = RunCookie.current().next();
    }

    /** @return the declaration this handle was made from */
    public ProcessDeclaration declaration() {
        return declaration;
    }

    @Override
    public String name() {
        return declaration.name();
    }

    @Override
    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(neverStarted() ? "Process [" + name() + "] has no pid: it was never"
                    + " started and the scope it was declared in has ended." : "Process [" + name() + "] has no pid:"
                    + " it is NEW; call start() first.");
        }
        return p.pid();
    }

    @Override
    public Optional<Instant> startInstant() {
        return Optional.ofNullable(startInstant);
    }

    /**
     * Where a sweep after this process may start reading pids ({@link PidWindow}), from its launch on; empty before
     * it. Past this process's own pid once the JDK has reaped it ({@link PidWindow#pastReaped}: a failed read of
     * that pid per scope otherwise); one still running (its stop interrupted, say) stays in it, for the sweep to end.
     */
    public Optional<PidWindow> pidWindow() {
        PidWindow window = pidWindow;
        Process p = process;
        if (window != null && p != null && hasExited()) {
            return Optional.of(window.pastReaped(p.pid()));
        }
        return Optional.ofNullable(window);
    }

    @Override
    public ChildProcess start() {
        if (!started.compareAndSet(false, true)) {
            RuntimeException failure = launchFailure;
            throw new IllegalStateException("Process [" + name() + "] was already started" + (failure == null ? ""
                    : " (its launch failed: " + failure.getMessage() + ")") + "; a ChildProcess is single use, so"
                    + " declare another one to run it again.");
        }
        startClaimed();
        return this;
    }

    /**
     * Starts the process unless some thread did already, and then waits until that start is over: for the tests of
     * one scope that run at the same time and each make sure the scope's processes are started and ready.
     *
     * @throws IllegalStateException when the other thread's start failed, or this thread was interrupted
     */
    public void ensureStarted() {
        if (started.compareAndSet(false, true)) {
            startClaimed();
            return;
        }
        try {
            startDone.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for process [" + name() + "] to start", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Process [" + name() + "] did not start: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** The one start, by the thread that claimed it; its outcome is told to the threads that wait for it. */
    private void startClaimed() {
        try {
            launchAndAwaitReady();
            startDone.complete(null);
        } catch (RuntimeException | Error e) {
            startDone.completeExceptionally(e);
            throw e;
        }
    }

    private void launchAndAwaitReady() {
        LineWatch readyLine = ReadinessCheck.watchLine(declaration, output);
        Process p;
        synchronized (launchLock) {
            if (ended) {
                throw new IllegalStateException("Process [" + name() + "] cannot start: the scope it was declared in"
                        + " has ended.");
            }
            if (stopEvent.isSet()) {
                // asked before it exists: said before its launch, so that an exit the request causes is put down to
                // it even when it comes before the attach below (a child that looks for its stop file at once, or a
                // launching thread held up on a loaded machine: CI saw a JVM child exit 6 first)
                ending.stopRequested(declaration.stopMethod().toString());
            }
            // from the fork until the registry has it, a leak check cannot tell this child from a stranger
            SpawnsInFlight.begin();
            try {
                Launcher.Launched launched;
                // a pre-spawned launcher's program has the launcher's start time, taken before this launch was
                // asked for: readyOnPort must not take a server started in between for one started after the launch
                launchAsked = declaration.readiness().port() > 0 && declaration.prespawn()
                        ? os.startTimeNow().orElse(-1) : -1;
                try {
                    launched = Launcher.launch(declaration, cookie, stopEvent.stopFile(), readyFile, this::launched);
                } catch (RuntimeException e) {
                    launchFailure = e;
                    throw e;
                }
                p = launched.process();
                scriptFile = launched.scriptFile();
            } finally {
                SpawnsInFlight.end();
            }
            process = p;
        }
        if (exitWanted) {
            watchExit(); // asked for before the launch
        }
        stopEvent.attachMark(this::markStopRequested);
        stopEvent.attach(this::deliverStop);
        awaitReady(readyLine);
    }

    /**
     * The moment the JDK returns the new process: its launch is recorded, then it is drained at once, before
     * anything else (what its descendants write after it exited is kept only if a drainer reads by then). In this
     * order, because a drainer that reads the end of both streams records the exit on the timeline. Then it is
     * registered, which tells the watchdog, before the launch moves it into its cgroup: a move can wait for an RCU
     * grace period, and a test JVM killed meanwhile left a process neither recorded nor in the run's cgroup.
     * A process whose output cannot be read (no drainer thread could be started) is registered all the same, so
     * that whatever happens next leaves it nowhere, and is then ended at once ({@link UnreadLaunch}).
     *
     * @throws IllegalStateException when a drainer thread could not be started: the process is ended then
     */
    private void launched(Process p, boolean prespawned, Optional<ProcessIdentity> known) {
        startInstant = Instant.now();
        pidWindow = prespawned ? PidWindow.open(os) : PidWindow.from(p.pid());
        timeline.record("launched pid " + p.pid() + (prespawned ? " (pre-spawned launcher)" : ""));
        try {
            output.start(p);
        } catch (OutOfMemoryError e) {
            register(p, known);
            throw UnreadLaunch.end(name(), p, record, output, os, e);
        }
        register(p, known);
    }

    /** Records the launch in the registry, which tells the watchdog. */
    private void register(Process p, Optional<ProcessIdentity> known) {
        ProcessIdentity identity = known.or(() -> ProcessIdentity.of(os, p.pid()))
                .orElse(new ProcessIdentity(p.pid(), -1));
        record = new LaunchRecord(identity, cookie, name());
        LaunchRegistry.instance().add(record, p);
    }

    private void awaitReady(LineWatch readyLine) {
        if (declaration.readiness().isDeclared()) {
            ReadinessCheck.await(this, declaration, output, readyFile, readyLine);
            // it was ready before it exited, though a drainer may have recorded the exit in the meantime
            timeline.recordBefore("ready", ending::isExitEvent);
        }
        ready = true;
    }

    /**
     * Records the stop request; runs before the stop file appears, so an exit it causes is never seen first. Takes
     * the process's tree first: once it died of the request, its descendants are no longer found under it (where
     * no cgroup holds them), and cleanup ends what outlived it from this tree. Unless the requesting thread waits
     * for this process itself, the exit is watched from now on, so that its time (what {@code @StopsWithin}
     * measures) is the exit's, not that of whoever looks next.
     */
    private void markStopRequested() {
        if (process != null) {
            tree();
            if (hasExited()) {
                return; // it was exiting already: the request did not end it
            }
            ending.stopRequested(declaration.stopMethod().toString());
            if (!stopAwaitedByRequester) {
                watchExit();
            }
        }
    }

    /**
     * Asks the JDK to report this process's exit, for when no thread of ours would see it at once: a wait for output
     * or readiness, or a stop request nobody waits on. Not asked by default, because {@link Process#onExit()}
     * completes on a new thread per process where the common pool has one thread (2 cores or fewer): 0.3 ms of CPU
     * or more per process there (BENCHMARKS.md). Otherwise the exit is recorded by whoever sees it first: the
     * drainer that reads the end of the last stream (almost always the moment of the exit), a thread waiting for
     * the process ({@code join}, {@code stop}, the stop ladder), or a query ({@link #isAlive()}, {@link #state()},
     * ...) that finds the process gone. Idempotent.
     */
    public void watchExit() {
        exitWanted = true;
        Process p = process;
        if (p != null && exitWatched.compareAndSet(false, true)) {
            p.onExit().whenComplete((done, failure) -> ending.exited(p.exitValue()));
        }
    }

    /**
     * Both streams ended, on the drainer thread that read the last end: almost always because the process exited,
     * so this thread records the exit (the JDK reaps it a moment later) and hands the process's cgroup back for a
     * later launch when nothing is left in it (the scope's end would do it otherwise). A process that closed its
     * streams and runs on is watched instead, after a short wait.
     */
    private void streamsEnded(Process p) {
        if (!ending.hasExited()) {
            boolean exited = false;
            try {
                exited = p.waitFor(EXIT_AFTER_STREAMS_END.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!exited) {
                watchExit();
                return;
            }
            ending.exited(p.exitValue());
        }
        if (declaration.cgroupLayer()) {
            Containment.instance().keepIfEmptied(cookie);
        }
    }

    /** Whether the process has exited; records the exit when the JDK has seen it and no one has recorded it yet. */
    boolean hasExited() {
        if (ending.hasExited()) {
            return true;
        }
        Process p = process;
        if (p != null && !p.isAlive()) {
            ending.exited(p.exitValue());
            return true;
        }
        return false;
    }

    private void deliverStop() {
        Process p = process;
        if (p == null || hasExited()) {
            return;
        }
        markStopRequested();
        if (!StopDelivery.deliver(declaration.stopMethod(), declaration.stopLine(), p, os, writerThreads,
                this::stopLineNotWritten) && !hasExited()) {
            // said where a test that waits for the process to stop on its own will look: its failure's timeline
            timeline.record(declaration.stopMethod() + " not sent (the system refused or failed it)");
        }
    }

    /** Said on the timeline, where a test whose process did not stop on its own will look. */
    private void stopLineNotWritten(IOException failure) {
        if (!hasExited()) {
            timeline.record(declaration.stopMethod() + " not written to standard input (" + failure.getMessage()
                    + ")");
        }
    }

    @Override
    public ProcessState state() {
        if (process == null) {
            return ProcessState.NEW;
        }
        if (hasExited()) {
            return ProcessState.TERMINATED;
        }
        if (!ready) {
            return ProcessState.STARTING;
        }
        Optional<ProcessActivity> activity = os.activity(process.pid());
        if (activity.isEmpty()) {
            return hasExited() ? ProcessState.TERMINATED : ProcessState.RUNNING;
        }
        switch (activity.get()) {
            case STOPPED:
                return ProcessState.SUSPENDED;
            case WAITING:
                return ProcessState.BLOCKED;
            default:
                return ProcessState.RUNNING;
        }
    }

    @Override
    public boolean isAlive() {
        return process != null && !hasExited();
    }

    @Override
    public ExitStatus join() {
        requireStarted("join()");
        try {
            // the process itself, not the exit notification, which reaches this thread a hop later
            ending.exited(process.waitFor());
            ExitStatus status = ending.await();
            output.awaitDrainedAfterExit(OutputCapture.DRAIN_GRACE); // what a descendant may still hold
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while joining process [" + name() + "]", e);
        }
    }

    @Override
    public Optional<ExitStatus> join(Duration timeout) {
        requireStarted("join(Duration)");
        long deadline = System.nanoTime() + Timeouts.nanos(timeout);
        try {
            if (!waitForExit(timeout)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while joining process [" + name() + "]", e);
        }
        output.awaitDrainedAfterExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return exitStatus();
    }

    @Override
    public Optional<ExitStatus> exitStatus() {
        hasExited();
        return ending.status();
    }

    @Override
    public Optional<StopRung> endedBy() {
        hasExited();
        return ending.endedBy();
    }

    @Override
    public StopEvent stopEvent() {
        return stopEvent;
    }

    @Override
    public ExitStatus stop() {
        // as at cleanup: a @StopsWithin deadline is rung 1's wait, else the stop timeout; counted from an earlier
        // request. A shorter wait would force the process before its deadline and fail it for a miss it never made
        return stop(declaration.stopsWithin().isPresent() ? remainingStopWait() : declaration.stopTimeout());
    }

    @Override
    public ExitStatus stop(Duration stopTimeout) {
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        requireStarted("stop()");
        // No lock while climbing: a kill() from another thread must not wait for this climb's timeouts. Two
        // climbs at once only repeat idempotent steps (the event is set once; signals to a gone tree are no-ops).
        List<ProcessIdentity> refused;
        if (!hasExited()) {
            // an interrupt (a test's @Timeout, say) stops the climb: it must not turn the graceful stop into SIGKILL
            refused = StopLadder.climb(this, stopTimeout, declaration.killTimeout(), true);
            if (Thread.currentThread().isInterrupted() && !hasExited()) {
                // its stop request left the exit to this thread, which no longer waits: watched from now on, so that
                // its time (what @StopsWithin measures) is the exit's, not that of whoever looks next
                watchExit();
                throw new IllegalStateException("Interrupted while stopping process [" + name() + "]; it was asked"
                        + " to stop, and the cleanup ends it after the test unless it exits before.");
            }
        } else {
            // it exited on its own: what it left running still goes, as the cleanup would end it
            refused = StopLadder.endLeftovers(tree(), declaration.killTimeout(), true, this::said);
        }
        requireEnded("stopped", refused);
        return join();
    }

    @Override
    public ExitStatus kill() {
        requireStarted("kill()");
        // a SIGKILL'd tree is gone within milliseconds: an interrupt does not cut that wait short, nor turns the
        // status into an exception; it is set again
        return Uninterrupted.clearedWhile(() -> {
            requireEnded("killed", StopLadder.kill(this, lookAgain(), false));
            return join();
        });
    }

    /**
     * Fails, rather than waiting for ever or saying nothing, when the ladder is over and the process, or a process of
     * its tree, still runs: the system refused the signals (a process running as another user, as {@code sudo},
     * {@code su} or another setuid program makes it), or hid the process from this user ({@code /proc} mounted with
     * {@code hidepid}) so that no signal could be sent safely. It outlives the test, and only its user can end it.
     */
    private void requireEnded(String how, List<ProcessIdentity> refused) {
        boolean running = !hasExited();
        if (refused.isEmpty() && !running) {
            return;
        }
        StringBuilder which = new StringBuilder();
        boolean root = running;
        if (running && refused.stream().noneMatch(id -> id.pid() == process.pid())) {
            which.append("pid ").append(process.pid());
        }
        for (ProcessIdentity id : refused) {
            root |= id.pid() == process.pid();
            which.append(which.length() == 0 ? "" : ", ").append("pid ").append(id.pid());
            String command = os.commandLine(id.pid());
            if (!command.isEmpty()) {
                which.append(" (").append(command).append(')');
            }
        }
        if (refused.isEmpty()) {
            // not refused, yet still running after SIGKILL's grace: hidden from this user (hidepid), or stuck
            throw new IllegalStateException("Process [" + name() + "] could not be " + how + ": " + which + " is"
                    + " still running after SIGKILL (the system hides it from this user, as /proc mounted with"
                    + " hidepid does for one that runs as another user, or it is stuck in the kernel), so it outlives"
                    + " the test.");
        }
        throw new IllegalStateException("Process [" + name() + "] could not be " + how + ": the system refused to"
                + " signal " + (root ? "it" : "a process it started") + ", " + which + ", which runs as another user"
                + " (as sudo, su or another setuid program makes it), so it is still running and outlives the test;"
                + " end it as that user, or launch it so that it stays this user's.");
    }

    /**
     * Ends the process at cleanup: daemons straight by SIGKILL, others by the whole ladder; any descendant left in
     * its tree is ended too. Never throws for a process that is gone already. Its output stays open for what is
     * still in the pipes: {@link #release} closes it, after the scope's sweep has ended what left the tree (which
     * may hold the pipes open).
     */
    public void end() {
        synchronized (launchLock) {
            ended = true;
        }
        if (process == null) {
            return;
        }
        List<ProcessIdentity> refused;
        if (declaration.daemon()) {
            refused = StopLadder.kill(this, lookAgain(), false);
        } else if (!hasExited()) {
            refused = StopLadder.climb(this, remainingStopWait(), declaration.killTimeout(), false);
        } else {
            refused = StopLadder.endLeftovers(tree(), declaration.killTimeout(), false, this::said);
        }
        requireEnded("ended", refused);
    }

    /**
     * Lets go of an {@link #end() ended} process: waits until its streams are drained or the deadline passes (a
     * descendant nothing could end, holding them open), closes its output and its log, and forgets it.
     *
     * @param deadlineNanos the {@link System#nanoTime()} after which its output is closed whatever is left
     */
    public void release(long deadlineNanos) {
        if (process == null) {
            return;
        }
        // an interrupt meanwhile must neither close the log before what is still in the pipes reached it, nor be set
        // while the log's last lines are written (a write to a file channel fails on an interrupted thread)
        Uninterrupted.await(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), output::awaitDrained);
        Uninterrupted.clearedWhile(() -> {
            output.close();
            return null;
        });
        scriptFile.ifPresent(file -> file.toFile().delete());
        LaunchRegistry.instance().remove(record);
    }

    /** Rung 1's wait at cleanup, counted from the stop request when the test made it already. */
    private Duration remainingStopWait() {
        Duration wait = declaration.stopsWithin().orElse(declaration.stopTimeout());
        long requested = ending.stopRequestedNanos();
        if (requested < 0) {
            return wait;
        }
        Duration left = wait.minusNanos(System.nanoTime() - requested);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void signal(Signal signal) {
        signals.signal(signal);
    }

    @Override
    public void suspend() {
        signals.suspend();
    }

    @Override
    public void resume() {
        signals.resume();
    }

    @Override
    public ProcessOutput output() {
        return output;
    }

    /** @return the capture behind {@link #output()}, for failure reports */
    public OutputCapture capture() {
        return output;
    }

    @Override
    public OutputStream stdin() {
        requireStarted("stdin()");
        return process.getOutputStream();
    }

    /**
     * Starts the threads that write to standard input ({@code sendLine}, a stdin stop request) with this instead of
     * {@link Thread#start}: tests give one that throws the JDK's {@code OutOfMemoryError}, as at a thread limit.
     */
    void startWritersWith(Consumer<Thread> threads) {
        writerThreads = threads;
    }

    @Override
    public ChildProcess sendLine(String line) {
        Objects.requireNonNull(line, "line");
        requireStarted("sendLine()");
        OutputStream in = stdin();
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        // on a thread of its own: a write to a full pipe blocks, uninterruptibly, until the child reads, and the
        // test's thread must stay free for an interrupt (@Timeout) and the cleanup
        Callable<Void> writeLine = () -> {
            in.write(bytes);
            in.flush();
            return null;
        };
        FutureTask<Void> write = StopDelivery.offThread("childproof-stdin-" + process.pid(), writeLine,
                writerThreads);
        if (write == null) {
            // no thread to be had (a process or thread limit): written here, as a plain write to the pipe would be;
            // only a child that lets its pipe fill up holds this thread then, past an interrupt
            write = new FutureTask<>(writeLine);
            write.run();
        }
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing a line to the standard input of process ["
                    + name() + "], which does not read it", e);
        } catch (ExecutionException e) {
            IOException cause = e.getCause() instanceof IOException ? (IOException) e.getCause()
                    : new IOException(e.getCause());
            if (declaration.stopMethod() == StopMethod.CLOSE_STDIN && stopEvent.isSet()) {
                throw new UncheckedIOException("The standard input of process [" + name() + "] was closed by its"
                        + " stop event (stopMethod CLOSE_STDIN)", cause);
            }
            throw new UncheckedIOException("Process [" + name() + "] no longer reads its standard input", cause);
        }
        return this;
    }

    @Override
    public Timeline timeline() {
        hasExited(); // an exit nobody has recorded yet (nothing waited, and a descendant holds the output)
        return timeline.snapshot();
    }

    /** How long after its stop request the process exited, when both happened. */
    public Optional<Duration> stopDuration() {
        return ending.stopDuration();
    }

    /** @return monotonic time of the stop request, or -1 */
    public long stopRequestedNanos() {
        return ending.stopRequestedNanos();
    }

    // ---- LadderTarget

    /**
     * Who the launched process is, for {@code readyOnPort}: its pid, and as its start time the later of its own and
     * the moment its launch was asked for (a pre-spawned launcher's program has the launcher's, taken earlier); null
     * before the launch.
     */
    ProcessIdentity readinessIdentity() {
        LaunchRecord launched = record;
        if (launched == null) {
            return null;
        }
        ProcessIdentity identity = launched.identity();
        long asked = launchAsked;
        return identity.startTime() < 0 || asked <= identity.startTime() ? identity
                : new ProcessIdentity(identity.pid(), asked);
    }

    /** {@inheritDoc} An interrupt ends the wait, with the flag set again. */
    @Override
    public boolean awaitExit(Duration timeout) {
        try {
            return waitForExit(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ending.hasExited();
        }
    }

    private boolean waitForExit(Duration timeout) throws InterruptedException {
        Process p = process;
        if (p == null) {
            return ending.await(timeout);
        }
        if (!ending.hasExited()) {
            // the process itself, not the exit notification, which reaches this thread a hop later
            if (!p.waitFor(Timeouts.nanos(timeout), TimeUnit.NANOSECONDS)) {
                return ending.hasExited();
            }
            ending.exited(p.exitValue());
        }
        return true;
    }

    @Override
    public ProcessTree requestStop() {
        // the ladder and stop() wait for this process right after asking, so they record its exit themselves
        stopAwaitedByRequester = true;
        // a stopped process cannot notice its stop event, and would only be killed: resumed now when the test stopped
        // it (whenever it did, and though /proc may not show it stopped yet); one stopped by anything else is looked
        // for by the ladder a while later, when it has not exited by then (resumeIfStopped)
        Process p = process;
        if (p != null) {
            signals.resumeForStop(p, false);
        }
        try {
            stopEvent.set(); // idempotent; its mark took the tree first, whoever set the event
        } catch (IllegalStateException e) {
            // the stop file could not be made even in a remade run directory: the ladder goes on, and forces it
            timeline.record("stop file not created: " + e.getMessage());
        }
        if (p != null) {
            // a suspend() on another thread that came after the resume above and before the request was recorded
            signals.resumeForStop(p, false);
        }
        ProcessTree taken = knownTree;
        // none when the event was set before this process was launched: its mark did not run for it
        return taken != null ? taken : tree();
    }

    @Override
    public void resumeIfStopped() {
        Process p = process;
        if (p != null) {
            signals.resumeForStop(p, true);
        }
    }

    /** The process and its descendants alive now, merged with what was known of them. */
    public ProcessTree tree() {
        return known(ProcessTree.snapshot(os, record.identity()));
    }

    @Override
    public ProcessTree lookAgain() {
        return known(ProcessTree.snapshotWithTable(os, record.identity()));
    }

    private ProcessTree known(ProcessTree now) {
        synchronized (treeLock) {
            ProcessTree known = knownTree;
            ProcessTree merged = known == null ? now : known.merge(now);
            knownTree = merged;
            return merged;
        }
    }

    @Override
    public void climbed(StopRung next) {
        ending.climbed(next);
    }

    @Override
    public void said(String event) {
        timeline.record(event);
    }

    /** @return the cookie this process and its descendants carry */
    public String cookie() {
        return cookie;
    }

    /** @return the JDK's handle of the launched process, or null before the launch (for {@link SignalCalls}) */
    Process jdkProcess() {
        return process;
    }

    /** Fails a call that needs the launched process when there is none: not started yet, or never to be. */
    void requireStarted(String call) {
        if (process == null) {
            throw new IllegalStateException(neverStarted() ? "Process [" + name() + "] was never started and the"
                    + " scope it was declared in has ended, so " + call + " has no process to act on."
                    : "Process [" + name() + "] is NEW, so " + call + " cannot be used yet; call start() first.");
        }
    }

    /** Whether the scope ended before anyone started the process: it never will be. */
    private boolean neverStarted() {
        synchronized (launchLock) {
            return ended && process == null;
        }
    }

    @Override
    public String toString() {
        return toString(state(), exitStatus());
    }

    /**
     * As {@link #toString()}, with the state and exit status of a reading already taken, so that a failure message
     * does not look at the process again (an observed state may differ from one look to the next).
     *
     * @param state the state read
     * @param status the exit status read
     * @return for example {@code ChildProcess[worker, pid 42, BLOCKED]}
     */
    public String toString(ProcessState state, Optional<ExitStatus> status) {
        Process p = process;
        return "ChildProcess[" + name() + ", pid " + (p == null ? "none" : Long.toString(p.pid())) + ", "
                + state + status.map(s -> ", " + s).orElse("") + "]";
    }

    /** A short description for failure reports: name, pid, state or exit status, elapsed. */
    public String describe() {
        return toString() + " " + declaration.target().describe() + " (" + Durations.format(
                startInstant == null ? Duration.ZERO : Duration.between(startInstant, Instant.now())) + ")";
    }
}
