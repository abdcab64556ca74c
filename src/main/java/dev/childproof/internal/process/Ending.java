package dev.childproof.internal.process;

import dev.childproof.ExitStatus;
import dev.childproof.Signal;
import dev.childproof.StopRung;
import dev.childproof.TimelineEvent;
import dev.childproof.internal.Timeouts;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * How one process ended: its exit status, recorded once by whoever sees the exit first, and the rung of the stop
 * ladder that ended it, each marked on the timeline. Thread-safe.
 */
final class Ending {

    private final ProcessTimeline timeline;
    private final Consumer<ExitStatus> onExit;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private volatile StopRung rung = StopRung.EXITED_ON_ITS_OWN;
    private volatile StopRung rungBeforeKill = StopRung.EXITED_ON_ITS_OWN;
    private volatile StopRung endedBy;
    /** The highest rung the ladder climbed to, whether or not the process still ran. */
    private StopRung highestClimbed = StopRung.EXITED_ON_ITS_OWN;
    private volatile long stopRequestedNanos = -1;
    private volatile long exitNanos = -1;
    /** The description of the exit's timeline event, once the exit is being recorded. */
    private volatile String exitEvent;

    /**
     * @param timeline where the exit and the stop request are marked
     * @param onExit called once with the exit status, right after it is recorded
     */
    Ending(ProcessTimeline timeline, Consumer<ExitStatus> onExit) {
        this.timeline = timeline;
        this.onExit = onExit;
    }

    /** Records the exit; later calls do nothing. */
    synchronized void exited(int code) {
        if (exit.isDone()) {
            return;
        }
        ExitStatus status = ExitStatus.of(code);
        exitEvent = status.toString(); // before the record: isExitEvent must know it from the moment it is there
        exitNanos = timeline.record(exitEvent);
        // SIGKILL sent while SIGTERM (or the stop request) was already ending it did not end it
        endedBy = rung == StopRung.SIGKILL && !status.wasKilledBy(Signal.SIGKILL) ? rungBeforeKill : rung;
        onExit.accept(status);
        exit.complete(status);
    }

    boolean hasExited() {
        return exit.isDone();
    }

    Optional<ExitStatus> status() {
        return Optional.ofNullable(exit.getNow(null));
    }

    /** The exit status, waiting for it as long as it takes. */
    ExitStatus await() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits up to the timeout for the exit to be recorded; whether it was. */
    boolean await(Duration timeout) throws InterruptedException {
        try {
            exit.get(Timeouts.nanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** The rung that ended the process, once it has ended. */
    Optional<StopRung> endedBy() {
        return exit.isDone() ? Optional.ofNullable(endedBy) : Optional.empty();
    }

    /** Marks the first stop request; runs before the stop is delivered, so an exit it causes is never seen first. */
    synchronized void stopRequested(String how) {
        if (exit.isDone() || stopRequestedNanos >= 0) {
            return;
        }
        stopRequestedNanos = timeline.record("stop requested (" + how + ")");
        if (rung == StopRung.EXITED_ON_ITS_OWN) {
            rung = StopRung.STOP_EVENT;
        } else if (rung == StopRung.SIGKILL && rungBeforeKill == StopRung.EXITED_ON_ITS_OWN) {
            // a kill() on another thread climbed first, but its SIGKILL can land after this request ended the process
            rungBeforeKill = StopRung.STOP_EVENT;
        }
    }

    /**
     * Records a rung the ladder climbed to while the process still runs; on the timeline only the first time it is
     * reached (several threads stopping one process at once each climb).
     */
    synchronized void climbed(StopRung next) {
        if (next.compareTo(highestClimbed) <= 0) {
            return;
        }
        highestClimbed = next;
        if (!exit.isDone()) {
            if (next == StopRung.SIGKILL && rung != StopRung.SIGKILL) {
                rungBeforeKill = rung;
            }
            rung = next;
        }
        timeline.record(next == StopRung.SIGTERM ? "SIGTERM sent to the tree" : next == StopRung.SIGKILL
                ? "SIGKILL sent to the tree" : String.valueOf(next));
    }

    /** Whether a timeline event is the one {@link #exited(int)} recorded. */
    boolean isExitEvent(TimelineEvent event) {
        return event.description().equals(exitEvent);
    }

    /** @return monotonic time of the first stop request, or -1 */
    long stopRequestedNanos() {
        return stopRequestedNanos;
    }

    /** How long after its stop request the process exited, when both happened. */
    Optional<Duration> stopDuration() {
        long requested = stopRequestedNanos;
        long exited = exitNanos;
        return requested >= 0 && exited >= 0 ? Optional.of(Duration.ofNanos(exited - requested)) : Optional.empty();
    }
}
