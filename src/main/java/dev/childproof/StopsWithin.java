package dev.childproof;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asserts that a process terminates on its own within the given time after its stop event was set, by the test
 * or by the extension at the end of the test. Missing it fails the test with the process's timeline, the rung of
 * the stop ladder that ended it, its exit status and its last output lines.
 *
 * <p>On a {@link SpawnedProcess} field or parameter it applies to that process; on a test method to every
 * process of that test; on a class to every process declared in it. The nearest declaration wins. Daemon
 * processes are never checked.
 *
 * @since 0.1
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE,
        ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SpawnedProcessExtension.class)
public @interface StopsWithin {

    /**
     * The time allowed, such as {@code "500ms"}, {@code "2s"}, {@code "1m"} or ISO-8601 {@code "PT2S"}.
     *
     * @return the duration text
     */
    String value();
}
