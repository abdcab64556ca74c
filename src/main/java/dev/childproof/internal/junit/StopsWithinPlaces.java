package dev.childproof.internal.junit;

import dev.childproof.ProcessSpawner;
import dev.childproof.StopsWithin;
import dev.childproof.internal.Durations;
import dev.childproof.internal.launch.DeclarationReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks every {@code @StopsWithin} of a test class and test method before anything is launched, including those no
 * process would read when it is created: a malformed duration on the class (or an enclosing one, or a superclass),
 * the method, a lifecycle method ({@code @BeforeEach} and the like), a field or a parameter, and one on a field or
 * parameter that is neither a process nor a {@link ProcessSpawner}, which would otherwise apply to nothing,
 * silently. A malformed one is reported where it is written: read first when a process is created, it was named
 * after that process's field or parameter. Each class and method is checked once.
 */
final class StopsWithinPlaces {

    /** The first mistake in a class's own declarations, found once per class. */
    private static final ClassValue<Optional<String>> MISTAKE = new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> type) {
            return mistakeIn(type);
        }
    };

    /**
     * The first mistake of a class or of a class enclosing it, innermost first, found once per class: the walk out
     * through {@code getEnclosingClass()} reads the class file's attributes each time (some 6 µs a test in the
     * 500-test suite's profile).
     */
    private static final ClassValue<Optional<String>> MISTAKE_HERE_OR_OUTSIDE = new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> testClass) {
            for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
                Optional<String> mistake = MISTAKE.get(c);
                if (mistake.isPresent()) {
                    return mistake;
                }
            }
            return Optional.empty();
        }
    };

    /** The first mistake of each test method, by the class declaring it, found once per method. */
    private static final ClassValue<Map<Method, Optional<String>>> METHOD_MISTAKES = new ClassValue<>() {
        @Override
        protected Map<Method, Optional<String>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private static final List<Class<? extends Annotation>> LIFECYCLE = List.of(BeforeAll.class, BeforeEach.class,
            AfterEach.class, AfterAll.class);

    private StopsWithinPlaces() {
    }

    /** Checks a test class, its enclosing classes, and its fields (superclasses' included). */
    static void checkClass(Class<?> testClass) {
        MISTAKE_HERE_OR_OUTSIDE.get(testClass).ifPresent(message -> {
            throw new ExtensionConfigurationException(message);
        });
    }

    /** Checks a test method and its parameters. */
    static void checkMethod(Method method) {
        METHOD_MISTAKES.get(method.getDeclaringClass()).computeIfAbsent(method, StopsWithinPlaces::mistakeIn)
                .ifPresent(message -> {
                    throw new ExtensionConfigurationException(message);
                });
    }

    private static Optional<String> mistakeIn(Method method) {
        Optional<String> onMethod = malformed(method, "method [" + method.getDeclaringClass().getSimpleName() + "."
                + method.getName() + "]");
        if (onMethod.isPresent()) {
            return onMethod;
        }
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            if (AnnotationSupport.isAnnotated(parameter, StopsWithin.class)) {
                String described = Elements.describe(parameter, i);
                Optional<String> mistake = appliesTo(parameter) ? malformed(parameter, described)
                        : Optional.of(noProcess(described));
                if (mistake.isPresent()) {
                    return mistake;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> mistakeIn(Class<?> type) {
        // a superclass's applies to the fields it declares, so it is read, as the class's own is
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> e = c; e != null; e = e.getEnclosingClass()) {
                Optional<String> onClass = malformed(e, "class [" + e.getSimpleName() + "]");
                if (onClass.isPresent()) {
                    return onClass;
                }
            }
        }
        for (Field field : ReflectionSupport.findFields(type, f -> AnnotationSupport.isAnnotated(f, StopsWithin.class),
                HierarchyTraversalMode.TOP_DOWN)) {
            String described = Elements.describe(field);
            Optional<String> mistake = appliesTo(field) ? malformed(field, described)
                    : Optional.of(noProcess(described));
            if (mistake.isPresent()) {
                return mistake;
            }
        }
        // a lifecycle method's applies to its parameters' processes, which are created only when JUnit calls it
        for (Method method : ReflectionSupport.findMethods(type, StopsWithinPlaces::isLifecycle,
                HierarchyTraversalMode.TOP_DOWN)) {
            Optional<String> mistake = METHOD_MISTAKES.get(method.getDeclaringClass()).computeIfAbsent(method,
                    StopsWithinPlaces::mistakeIn);
            if (mistake.isPresent()) {
                return mistake;
            }
        }
        return Optional.empty();
    }

    private static boolean isLifecycle(Method method) {
        return LIFECYCLE.stream().anyMatch(annotation -> AnnotationSupport.isAnnotated(method, annotation));
    }

    private static boolean appliesTo(Field field) {
        return DeclaredOptions.isDeclared(field) || field.getType() == ProcessSpawner.class;
    }

    private static boolean appliesTo(Parameter parameter) {
        return DeclaredOptions.isDeclared(parameter) || parameter.getType() == ProcessSpawner.class;
    }

    private static Optional<String> malformed(AnnotatedElement element, String described) {
        return AnnotationSupport.findAnnotation(element, StopsWithin.class).map(StopsWithin::value)
                .filter(text -> Durations.parse(text).isEmpty())
                .map(text -> DeclarationReader.stopsWithinNotADuration(text, described));
    }

    private static String noProcess(String described) {
        return "@StopsWithin on " + described + " applies to no process; put it on a @SpawnedProcess or"
                + " ProcessSpawner field or parameter, a test method or a test class, or remove it.";
    }
}
