package dev.childproof;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails a test whose own code started processes (children of the test JVM not launched through
 * {@link SpawnedProcess}) and left them running, naming each one by pid and command line, and ends them with their
 * descendants.
 *
 * <p>On a test method it checks that test; on a class every test of it, and, after {@code @AfterAll}, what
 * {@code @BeforeAll} and {@code @AfterAll} methods left. What it looks at is the test JVM's children when the test
 * ends, compared with those alive when it began: a process started concurrently by another test (parallel
 * execution) is counted too, so use it on tests that do not run alongside other process-starting tests (for example
 * with {@code @Isolated}).
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ProcessLeakExtension.class)
public @interface DetectProcessLeaks {

    /**
     * What to do with leaked processes; by default what the configuration parameter
     * {@code childproof.leaks.policy} says ({@code fail} when it is not set).
     *
     * @return the policy
     */
    Policy value() default Policy.CONFIGURED;

    /** What happens to a test that leaked processes. The processes are ended under every policy but {@link #OFF}. */
    enum Policy {
        /** Whatever the configuration parameter {@code childproof.leaks.policy} says ({@code fail} by default). */
        CONFIGURED,
        /** The test fails, naming the processes. */
        FAIL,
        /** The test passes; a warning naming the processes goes to standard error and the test's report. */
        WARN,
        /** Nothing is looked at and nothing is ended. */
        OFF
    }
}
