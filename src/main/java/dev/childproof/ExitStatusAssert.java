package dev.childproof;

import org.assertj.core.api.AbstractAssert;

import java.util.Objects;

import static dev.childproof.internal.assertions.ExitStatusShouldBeKilledBy.exitStatusShouldBeKilledBy;
import static dev.childproof.internal.assertions.ExitStatusShouldBeSuccess.exitStatusShouldBeSuccess;
import static dev.childproof.internal.assertions.ExitStatusShouldHaveCode.exitStatusShouldHaveCode;

/**
 * Assertions on an {@link ExitStatus} alone, such as the value {@link ChildProcess#join()} returns. Start from
 * {@link ChildproofAssertions#assertThat(ExitStatus)}.
 *
 * @since 0.1
 */
public class ExitStatusAssert extends AbstractAssert<ExitStatusAssert, ExitStatus> {

    /**
     * Creates the assertion.
     *
     * @param actual the exit status
     */
    public ExitStatusAssert(ExitStatus actual) {
        super(actual, ExitStatusAssert.class);
    }

    /**
     * Verifies the raw exit code.
     *
     * @param expected the exit code
     * @return this assertion
     */
    public ExitStatusAssert hasCode(int expected) {
        isNotNull();
        if (actual.code() != expected) {
            throwAssertionError(exitStatusShouldHaveCode(actual, expected));
        }
        return myself;
    }

    /**
     * Verifies that the exit code is 0.
     *
     * @return this assertion
     */
    public ExitStatusAssert isSuccess() {
        isNotNull();
        if (!actual.isSuccess()) {
            throwAssertionError(exitStatusShouldBeSuccess(actual));
        }
        return myself;
    }

    /**
     * Verifies the signal decoded from the exit code.
     *
     * @param expected the signal
     * @return this assertion
     */
    public ExitStatusAssert wasKilledBy(Signal expected) {
        isNotNull();
        if (!actual.wasKilledBy(Objects.requireNonNull(expected, "expected signal"))) {
            throwAssertionError(exitStatusShouldBeKilledBy(actual, expected));
        }
        return myself;
    }
}
