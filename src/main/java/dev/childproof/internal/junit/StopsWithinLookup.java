package dev.childproof.internal.junit;

import dev.childproof.StopsWithin;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;

/** Finds the nearest {@code @StopsWithin}: on the element, then the method, then the class and its enclosing ones. */
final class StopsWithinLookup {

    private StopsWithinLookup() {
    }

    /**
     * @param element the field or parameter, or null for a spawned process
     * @param method the test or lifecycle method, or null for a field that lives for the class
     * @param testClass the class the element belongs to
     */
    static Optional<String> nearest(AnnotatedElement element, Method method, Class<?> testClass) {
        if (element != null) {
            Optional<StopsWithin> own = AnnotationSupport.findAnnotation(element, StopsWithin.class);
            if (own.isPresent()) {
                return own.map(StopsWithin::value);
            }
        }
        if (method != null) {
            Optional<StopsWithin> onMethod = AnnotationSupport.findAnnotation(method, StopsWithin.class);
            if (onMethod.isPresent()) {
                return onMethod.map(StopsWithin::value);
            }
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<StopsWithin> onClass = AnnotationSupport.findAnnotation(c, StopsWithin.class);
            if (onClass.isPresent()) {
                return onClass.map(StopsWithin::value);
            }
        }
        return Optional.empty();
    }
}
