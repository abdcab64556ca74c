package dev.childproof.internal.junit;

import dev.childproof.SpawnedProcess;
import dev.childproof.StopsWithin;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.DeclarationException;
import dev.childproof.internal.launch.ProcessOptions;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the options a field or parameter declares, through {@link SpawnedProcess} itself or a composed annotation
 * meta-annotated with it (at any depth).
 *
 * <p>Overrides follow one convention: an attribute of the composed annotation with the same name and type as a
 * {@code @SpawnedProcess} attribute replaces it, always, its default included; so a composed annotation puts its
 * own defaults in its attributes. Other attributes are the user's own and are ignored. An attribute with a
 * {@code @SpawnedProcess} name but another type is a misuse error, since it would silently not override.
 */
final class DeclaredOptions {

    /**
     * What an element declares.
     *
     * @param annotation the annotation as written, such as {@code @PythonWorker}, for messages
     * @param options the options, overrides applied
     */
    record Found(String annotation, ProcessOptions options) {
    }

    private DeclaredOptions() {
    }

    /** @return whether the element declares a process, directly or through a composed annotation */
    static boolean isDeclared(AnnotatedElement element) {
        return AnnotationSupport.isAnnotated(element, SpawnedProcess.class);
    }

    /** @return the annotation as written on an element that declares a process, such as {@code @PythonWorker} */
    static String annotationName(AnnotatedElement element) {
        return declaring(element).stream().findFirst().map(a -> "@" + a.annotationType().getSimpleName())
                .orElse("@SpawnedProcess");
    }

    /**
     * Reads the options of an element that declares a process.
     *
     * @param element the field or parameter
     * @param described how messages name it, such as {@code field [ChildProcess WorkerTest.worker]}
     * @throws DeclarationException for two declaring annotations or a mistyped override
     */
    static Found read(AnnotatedElement element, String described) {
        List<Annotation> declaring = declaring(element);
        if (declaring.size() > 1) {
            throw new DeclarationException("@" + declaring.get(0).annotationType().getSimpleName() + " " + described
                    + " also carries @" + declaring.get(1).annotationType().getSimpleName()
                    + ", and each declares a process; keep one of them.");
        }
        Annotation annotation = declaring.get(0);
        return new Found("@" + annotation.annotationType().getSimpleName(), options(annotation, described));
    }

    /**
     * The mistake of a daemon that carries a {@code @StopsWithin} of its own (a class's or method's leaves daemons
     * alone): its deadline could never be checked, since a daemon is never asked to stop.
     *
     * @return the sentence, or empty when the element declares no such daemon
     */
    static Optional<String> daemonWithOwnDeadline(AnnotatedElement element, Found found, String described) {
        if (!found.options().daemon()) {
            return Optional.empty();
        }
        return AnnotationSupport.findAnnotation(element, StopsWithin.class).map(own -> DeclarationReader
                .daemonWithDeadline(found.annotation() + " " + described, "@StopsWithin(\"" + own.value() + "\")"));
    }

    private static List<Annotation> declaring(AnnotatedElement element) {
        List<Annotation> found = new ArrayList<>();
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation instanceof SpawnedProcess || composedDeclaration(annotation.annotationType()).isPresent()) {
                found.add(annotation);
            }
        }
        return found;
    }

    private static Optional<Annotation> composedDeclaration(Class<? extends Annotation> type) {
        if (type.getName().startsWith("java.lang.annotation.")) {
            return Optional.empty();
        }
        for (Annotation meta : type.getAnnotations()) {
            if (meta instanceof SpawnedProcess || (meta.annotationType() != type
                    && AnnotationSupport.isAnnotated(meta.annotationType(), SpawnedProcess.class))) {
                return Optional.of(meta);
            }
        }
        return Optional.empty();
    }

    private static ProcessOptions options(Annotation annotation, String described) {
        if (annotation instanceof SpawnedProcess) {
            return ProcessOptions.of((SpawnedProcess) annotation);
        }
        Class<? extends Annotation> type = annotation.annotationType();
        ProcessOptions options = options(composedDeclaration(type).orElseThrow(), described);
        Method[] attributes = type.getDeclaredMethods();
        java.util.Arrays.sort(attributes, Comparator.comparing(Method::getName));
        for (Method attribute : attributes) {
            Optional<Class<?>> expected = ProcessOptions.attributeType(attribute.getName());
            if (expected.isEmpty() || attribute.getParameterCount() != 0) {
                continue;
            }
            if (attribute.getReturnType() != expected.get()) {
                throw new DeclarationException("@" + type.getSimpleName() + " on " + described + " has attribute ["
                        + attribute.getName() + "] of type " + attribute.getReturnType().getSimpleName()
                        + ", but @SpawnedProcess." + attribute.getName() + " is " + expected.get().getSimpleName()
                        + "; declare it as " + expected.get().getSimpleName() + " to override, or rename it.");
            }
            options = options.with(attribute.getName(), value(attribute, annotation));
        }
        return options;
    }

    private static Object value(Method attribute, Annotation annotation) {
        try {
            attribute.setAccessible(true);
            return attribute.invoke(annotation);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new DeclarationException("@" + annotation.annotationType().getSimpleName() + "." + attribute.getName()
                    + " cannot be read (" + e + "); make the annotation public.");
        }
    }
}
