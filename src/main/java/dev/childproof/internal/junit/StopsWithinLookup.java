package dev.childproof.internal.junit;

import dev.childproof.StopsWithin;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Optional;

/**
 * Finds the nearest {@code @StopsWithin}: on the element, then on the methods it belongs to (the one declaring a
 * parameter, then the test), then on the class that declares the element and its enclosing ones (a superclass, for
 * an inherited field), then on the test class and its enclosing ones.
 */
final class StopsWithinLookup {

    private StopsWithinLookup() {
    }

    /**
     * @param element the field or parameter, or null for a spawned process
     * @param methods the methods the process lives for, nearest first (a lifecycle method, then the test), or null
     *     entries for none, as for a field that lives for the class
     * @param testClass the class the element belongs to
     */
    static Optional<String> nearest(AnnotatedElement element, Method[] methods, Class<?> testClass) {
        if (element != null) {
            Optional<StopsWithin> own = AnnotationSupport.findAnnotation(element, StopsWithin.class);
            if (own.isPresent()) {
                return own.map(StopsWithin::value);
            }
        }
        for (Method method : methods) {
            if (method != null) {
                Optional<StopsWithin> onMethod = AnnotationSupport.findAnnotation(method, StopsWithin.class);
                if (onMethod.isPresent()) {
                    return onMethod.map(StopsWithin::value);
                }
            }
        }
        Class<?> declaring = element instanceof Field field ? field.getDeclaringClass()
                : element instanceof Parameter parameter ? parameter.getDeclaringExecutable().getDeclaringClass()
                : null;
        if (declaring != null && declaring != testClass) {
            Optional<String> onDeclaring = onClassOrEnclosing(declaring);
            if (onDeclaring.isPresent()) {
                return onDeclaring;
            }
        }
        return onClassOrEnclosing(testClass);
    }

    /** As {@link #nearest(AnnotatedElement, Method[], Class)}, with one method. */
    static Optional<String> nearest(AnnotatedElement element, Method method, Class<?> testClass) {
        return nearest(element, new Method[] {method}, testClass);
    }

    private static Optional<String> onClassOrEnclosing(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Optional<StopsWithin> onClass = AnnotationSupport.findAnnotation(c, StopsWithin.class);
            if (onClass.isPresent()) {
                return onClass.map(StopsWithin::value);
            }
        }
        return Optional.empty();
    }
}
