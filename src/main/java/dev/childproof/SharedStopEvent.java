package dev.childproof;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the shared stop event with the given name into a parameter of type {@link StopEvent}: the same event
 * the processes declared with {@link SpawnedProcess#stopEvent()} of that name share, so setting it stops them all.
 *
 * <p>Shared events belong to a scope, like processes: a test's (shared by its instance-field, parameter and spawner
 * processes) or a class's (shared by its static-field processes). The parameter gets the event of the nearest
 * scope that has one with that name: the test's own, then its class's, then the enclosing classes'. When none has
 * it, the scope the parameter is resolved in creates it ({@code @BeforeAll} and {@code @AfterAll}: the class;
 * otherwise the test), and processes spawned later in that scope with that name join it. A test's processes spawned
 * after the parameter was resolved do not count: when a class process uses the same name, the parameter is the
 * class's event, and the test's spawned processes get an event of the test's own; name the test's pool differently.
 *
 * <pre>{@code
 * @Test
 * void stopsThePool(@SpawnedProcess(main = Worker.class, stopEvent = "pool") ChildProcess a,
 *                   @SpawnedProcess(main = Worker.class, stopEvent = "pool") ChildProcess b,
 *                   @SharedStopEvent("pool") StopEvent pool) {
 *     pool.set();
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SpawnedProcessExtension.class)
public @interface SharedStopEvent {

    /**
     * The shared event's name, as in {@link SpawnedProcess#stopEvent()}.
     *
     * @return the shared event's name, as in {@link SpawnedProcess#stopEvent()}
     */
    String value();
}
