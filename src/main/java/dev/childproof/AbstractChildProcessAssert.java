package dev.childproof;

import dev.childproof.internal.assertions.ProcessReading;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.Objects;

import static dev.childproof.internal.assertions.ShouldBeAlive.shouldBeAlive;
import static dev.childproof.internal.assertions.ShouldBeAliveBeforeStop.shouldBeAliveBeforeStop;
import static dev.childproof.internal.assertions.ShouldBeInState.shouldBeInState;
import static dev.childproof.internal.assertions.ShouldHaveBeenKilledBy.shouldHaveBeenKilledBy;
import static dev.childproof.internal.assertions.ShouldHaveEndedOn.shouldHaveEndedOn;
import static dev.childproof.internal.assertions.ShouldHaveExitCode.shouldHaveExitCode;
import static dev.childproof.internal.assertions.ShouldHaveExitedNormally.shouldHaveExitedNormally;
import static dev.childproof.internal.assertions.ShouldNotBeAlive.shouldNotBeAlive;
import static dev.childproof.internal.assertions.ShouldStopWithin.shouldStopWithin;

/**
 * Assertions on a {@link ChildProcess}, to extend for assertions of your own. Start from
 * {@link ChildproofAssertions#assertThat(ChildProcess)}.
 *
 * <p>Each assertion reads the process once, when it is called, and never waits, except
 * {@link #stopsWithin(Duration)}, which sets the stop event and waits at most the given time. Assertions on how a
 * process ended ({@link #hasExitCode(int)}, {@link #wasKilledBy(Signal)}, ...) fail while it is still alive: call
 * {@link ChildProcess#join()} or {@link ChildProcess#stop()} first. A failure names the process and shows its
 * timeline and its last {@value dev.childproof.internal.assertions.ProcessErrorMessage#TAIL_LINES} lines of
 * output, all worded from the one reading the assertion decided on (the exit status first), so a process that
 * exits meanwhile never makes the message contradict itself.
 *
 * <p>Requires AssertJ on the test class path; nothing else in Childproof does.
 *
 * @param <SELF> the type of this assertion, for chaining
 * @param <ACTUAL> the type of process
 * @since 0.1
 */
public abstract class AbstractChildProcessAssert<SELF extends AbstractChildProcessAssert<SELF, ACTUAL>,
        ACTUAL extends ChildProcess> extends AbstractAssert<SELF, ACTUAL> {

    /**
     * Creates the assertion.
     *
     * @param actual the process
     * @param selfType the concrete assertion class
     */
    protected AbstractChildProcessAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Verifies that the process has been started and has not terminated.
     *
     * @return this assertion
     */
    public SELF isAlive() {
        isNotNull();
        ProcessReading reading = ProcessReading.of(actual);
        if (!reading.state().isAlive()) {
            throwAssertionError(shouldBeAlive(reading));
        }
        return myself;
    }

    /**
     * Verifies that the process is not alive: it is {@link ProcessState#NEW} or {@link ProcessState#TERMINATED}.
     *
     * @return this assertion
     */
    public SELF isNotAlive() {
        isNotNull();
        ProcessReading reading = ProcessReading.of(actual);
        if (reading.state().isAlive()) {
            throwAssertionError(shouldNotBeAlive(reading));
        }
        return myself;
    }

    /**
     * Verifies the process's state now. {@link ProcessState#RUNNING}, {@link ProcessState#BLOCKED} and
     * {@link ProcessState#SUSPENDED} are observations (see {@link ProcessState}); to wait for one, poll with
     * Awaitility: {@code await().until(worker::state, is(BLOCKED))}.
     *
     * @param expected the state
     * @return this assertion
     */
    public SELF isInState(ProcessState expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected state");
        ProcessReading reading = ProcessReading.of(actual);
        if (reading.state() != expected) {
            throwAssertionError(shouldBeInState(reading, expected));
        }
        return myself;
    }

    /**
     * Verifies that the process has terminated with the given exit code (the raw code: 143 for a process ended by
     * SIGTERM on Linux).
     *
     * @param expected the exit code
     * @return this assertion
     */
    public SELF hasExitCode(int expected) {
        isNotNull();
        ProcessReading reading = ProcessReading.of(actual);
        if (reading.exitStatus().map(status -> status.code() != expected).orElse(true)) {
            throwAssertionError(shouldHaveExitCode(reading, expected));
        }
        return myself;
    }

    /**
     * Verifies that the process exited normally: with code 0, on its own or after its stop event was set, not
     * forced by SIGTERM or SIGKILL from the stop ladder.
     *
     * @return this assertion
     */
    public SELF exitedNormally() {
        isNotNull();
        ProcessReading reading = ProcessReading.of(actual);
        boolean normal = reading.exitStatus().map(ExitStatus::isSuccess).orElse(false)
                && reading.endedBy().map(rung -> rung == StopRung.EXITED_ON_ITS_OWN || rung == StopRung.STOP_EVENT)
                        .orElse(false);
        if (!normal) {
            throwAssertionError(shouldHaveExitedNormally(reading));
        }
        return myself;
    }

    /**
     * Verifies that the process was ended by the given signal, as decoded from its exit code (128+N on POSIX
     * systems, with the signal numbers of the running system).
     *
     * @param expected the signal
     * @return this assertion
     */
    public SELF wasKilledBy(Signal expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected signal");
        ProcessReading reading = ProcessReading.of(actual);
        if (!reading.exitStatus().map(status -> status.wasKilledBy(expected)).orElse(false)) {
            throwAssertionError(shouldHaveBeenKilledBy(reading, expected));
        }
        return myself;
    }

    /**
     * Verifies which rung of the stop ladder ended the process.
     *
     * @param expected the rung
     * @return this assertion
     */
    public SELF endedOn(StopRung expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected rung");
        ProcessReading reading = ProcessReading.of(actual);
        if (reading.endedBy().map(rung -> rung != expected).orElse(true)) {
            throwAssertionError(shouldHaveEndedOn(reading, expected));
        }
        return myself;
    }

    /**
     * Sets the process's stop event and verifies that the process terminates within {@code timeout}. Waits at
     * most {@code timeout}. The process must be alive when called; when it misses the deadline it is left
     * running, and the extension ends it after the test as usual. A stop event shared with other processes asks
     * them all to stop.
     *
     * @param timeout how long the process may take to stop on its own
     * @return this assertion, for chaining assertions on how it ended
     */
    public SELF stopsWithin(Duration timeout) {
        isNotNull();
        Objects.requireNonNull(timeout, "timeout");
        if (!actual.isAlive()) {
            throwAssertionError(shouldBeAliveBeforeStop(actual, timeout));
        }
        actual.stopEvent().set();
        if (actual.join(timeout).isEmpty()) {
            throwAssertionError(shouldStopWithin(ProcessReading.of(actual), timeout));
        }
        return myself;
    }

    /**
     * Continues with assertions on the process's output. For a terminated process the output is complete: both
     * streams have been read to their end. The description ({@code as(...)}), the failure message
     * ({@code withFailMessage(...)}) and the representation set on this assertion carry over; a soft-assertion
     * proxy does not (see {@link ProcessOutputAssert} for how to collect output failures with
     * {@code SoftAssertions}).
     *
     * @return assertions on the output
     */
    public ProcessOutputAssert output() {
        isNotNull();
        if (actual.isTerminated()) {
            actual.join();
        }
        return new ProcessOutputAssert(actual).withAssertionStateOf(this);
    }
}
