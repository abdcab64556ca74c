package dev.childproof;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asserts that a process terminates on its own within the given time after its stop event was set, by the test
 * or by the extension at the end of the test. At cleanup the stop ladder waits no longer than this for the process
 * (instead of the stop timeout), then goes on to SIGTERM and SIGKILL; a process that missed the deadline fails the
 * test (the test class, for a static field) with its name and pid, the deadline, how long it really took, the rung of
 * the stop ladder that ended it, its exit status, its timeline and its last output lines. When several processes
 * miss, the first is the failure and the others are suppressed in it.
 *
 * <pre>{@code
 * @StopsWithin("2s")
 * @SpawnedProcess(main = Worker.class) ChildProcess worker;
 * }</pre>
 *
 * <p>On a {@link SpawnedProcess} field or parameter it applies to that process; on a {@link ProcessSpawner} field or
 * parameter to every process that spawner spawns (unless its builder's {@code stopsWithin} sets another); on a test
 * method to every process of that test, those of its {@code @BeforeEach} parameters included; on a class to every
 * process declared in it (a superclass's applies to the fields it declares) and in its nested classes. On any other
 * field or parameter it is a misuse error naming the element, raised before any process is launched. The nearest
 * declaration wins:
 * the element's own, the method declaring a parameter, the test method, the class declaring the element and its
 * enclosing ones, the test class and its enclosing ones. Daemon
 * processes are never checked, nor are processes nobody asked to stop (they exited first, or the test called
 * {@link ChildProcess#kill()}), nor processes the test itself forced before the deadline was up (its own
 * {@link ChildProcess#stop(java.time.Duration)} with a shorter wait, or {@link ChildProcess#kill()} after asking;
 * {@link ChildProcess#stop()} waits the deadline).
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
     * The time allowed, such as {@code "500ms"}, {@code "2s"}, {@code "1m"} or ISO-8601 {@code "PT2S"}; anything
     * else is a misuse error naming the element, raised before any process is launched.
     *
     * @return the duration text
     */
    String value();
}
