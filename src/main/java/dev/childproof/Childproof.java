package dev.childproof;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns Childproof on for a test class, field or parameter that carries none of its other annotations, so a
 * {@link ProcessSpawner} can be injected. Not needed in a class with {@link SpawnedProcess} or {@link StopsWithin} on
 * the class or on a field, which turn it on for every test; on a method or its parameters (and
 * {@link SharedStopEvent}, a parameter annotation) they turn it on for that method alone, so a
 * {@code ProcessSpawner} of another method of the class still needs this annotation.
 *
 * <pre>{@code
 * @Childproof
 * class PoolTest {
 *     @Test
 *     void spawnsMany(ProcessSpawner spawner) { ... }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SpawnedProcessExtension.class)
public @interface Childproof {
}
