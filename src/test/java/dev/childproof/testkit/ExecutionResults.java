package dev.childproof.testkit;

import dev.childproof.internal.reap.LaunchRecord;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The results of a fixture run, with assertions phrased the way our tests read. */
public final class ExecutionResults {

    private final EngineExecutionResults results;
    private final List<LaunchRecord> launched;

    ExecutionResults(EngineExecutionResults results, List<LaunchRecord> launched) {
        this.results = results;
        this.launched = launched;
    }

    /** @return JUnit's own results, for anything not covered here */
    public EngineExecutionResults raw() {
        return results;
    }

    /** @return the processes the run launched */
    public List<LaunchRecord> launched() {
        return launched;
    }

    /** Asserts that every test passed and at least one ran. */
    public ExecutionResults allTestsSucceeded() {
        Events tests = results.testEvents();
        assertThat(failureMessages(tests.failed().list())).as("failures").isEmpty();
        assertThat(failureMessages(results.containerEvents().failed().list())).as("container failures").isEmpty();
        assertThat(tests.succeeded().count()).as("succeeded tests").isPositive();
        return this;
    }

    /** Asserts the number of succeeded and failed tests. */
    public ExecutionResults hasTests(long succeeded, long failed) {
        Events tests = results.testEvents();
        assertThat(tests.failed().count()).as("failed tests; failures: %s", failureMessages(tests.failed().list()))
                .isEqualTo(failed);
        assertThat(tests.succeeded().count()).as("succeeded tests").isEqualTo(succeeded);
        return this;
    }

    /** Asserts exactly one test ran and failed, and returns its failure. */
    public ThrowableResult hasSingleFailedTest() {
        Events tests = results.testEvents();
        assertThat(tests.failed().count()).as("failed tests; others: %s", failureMessages(tests.list())).isEqualTo(1);
        return new ThrowableResult(throwable(tests.failed().list().get(0)));
    }

    /** Asserts the test class's container failed (a class-level failure) and returns its failure. */
    public ThrowableResult hasSingleFailedContainer() {
        List<Event> failed = results.containerEvents().failed().list();
        assertThat(failed).as("failed containers").hasSize(1);
        return new ThrowableResult(throwable(failed.get(0)));
    }

    private static Throwable throwable(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }

    private static List<String> failureMessages(List<Event> events) {
        return events.stream().map(e -> e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(String::valueOf).orElse(String.valueOf(e)))
                .collect(Collectors.toList());
    }

    /** A failure to assert on. */
    public static final class ThrowableResult {
        private final Throwable throwable;

        ThrowableResult(Throwable throwable) {
            this.throwable = throwable;
        }

        /** @return the failure itself */
        public Throwable throwable() {
            return throwable;
        }

        /** Asserts the whole message. */
        public ThrowableResult withMessage(String expected) {
            assertThat(throwable.getMessage()).isEqualTo(expected);
            return this;
        }

        /** Asserts the exception type. */
        public ThrowableResult isInstanceOf(Class<? extends Throwable> type) {
            assertThat(throwable).isInstanceOf(type);
            return this;
        }

        /** Asserts the message matches a regular expression (for messages carrying pids and times). */
        public ThrowableResult withMessageMatching(String regex) {
            assertThat(throwable.getMessage()).matches(java.util.regex.Pattern.compile(regex,
                    java.util.regex.Pattern.DOTALL));
            return this;
        }
    }
}
