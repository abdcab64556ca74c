package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declarations read so far in this run, kept in the root context's store, by what declared them and the
 * {@code @StopsWithin} that applies there: an instance field is read once for all the tests of its class, a
 * parameter once for all the invocations of a repeated or parameterized test. Reading one (annotations, checks,
 * durations, the executable on the {@code PATH}) was a tenth of the extension's own work per test in the
 * 500-test benchmark. A declaration that fails is not kept, so it fails again, with the same message, wherever it
 * is used. Thread-safe.
 */
final class DeclarationCache {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            DeclarationCache.class);

    /**
     * A declaration as read. Its {@code hashCode} and {@code equals} are written out, as are {@link Place}'s: a
     * record's own go through method handles, which run interpreted for the first few hundred tests, and hashed the
     * run's {@link Settings} field by field for every lookup (about 30 µs of CPU a test in the 500-test suite's
     * profile, BENCHMARKS.md). The settings are left out of the hash: a run has one.
     */
    private record Key(AnnotatedElement element, Class<?> testClass, Optional<String> stopsWithin,
            Settings settings) {

        @Override
        public int hashCode() {
            return (element.hashCode() * 31 + Objects.hashCode(testClass)) * 31 + stopsWithin.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(element, key.element) && testClass == key.testClass
                    && stopsWithin.equals(key.stopsWithin) && Objects.equals(settings, key.settings);
        }
    }

    /**
     * Where a {@code @StopsWithin} is looked for: the element, the method declaring it (for a parameter), the test
     * method, the classes.
     */
    private record Place(AnnotatedElement element, Method declaring, Method test, Class<?> testClass) {

        @Override
        public int hashCode() {
            return ((element.hashCode() * 31 + Objects.hashCode(declaring)) * 31 + Objects.hashCode(test)) * 31
                    + Objects.hashCode(testClass);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Place place && Objects.equals(element, place.element)
                    && Objects.equals(declaring, place.declaring) && Objects.equals(test, place.test)
                    && testClass == place.testClass;
        }
    }

    private final Map<Key, PendingProcess> read = new ConcurrentHashMap<>();
    /** The {@code @StopsWithin} of each place, so a cached declaration is found without an annotation search. */
    private final Map<Place, Optional<String>> stopsWithin = new ConcurrentHashMap<>();

    /** The cache of this run. */
    static DeclarationCache of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(DeclarationCache.class,
                key -> new DeclarationCache(), DeclarationCache.class);
    }

    /**
     * A field's declaration, checked.
     *
     * @param method the test method when the field lives for one test, else null
     */
    PendingProcess field(Field field, Method method, Class<?> testClass, Settings settings) {
        Optional<String> bound = stopsWithin(field, null, method, testClass);
        return read.computeIfAbsent(new Key(field, testClass, bound, settings),
                key -> FieldDeclarations.read(field, bound, settings));
    }

    /**
     * A test or lifecycle method parameter's declaration, checked.
     *
     * @param testMethod the test the process lives for (a {@code @BeforeEach} parameter's too), or null for a class
     */
    PendingProcess parameter(Parameter parameter, int index, Method testMethod, Class<?> testClass,
            Settings settings) {
        Method declaring = parameter.getDeclaringExecutable() instanceof Method m ? m : null;
        Optional<String> bound = stopsWithin(parameter, declaring, testMethod, testClass);
        return read.computeIfAbsent(new Key(parameter, testClass, bound, settings),
                key -> ParameterDeclarations.read(parameter, index, bound, settings));
    }

    private Optional<String> stopsWithin(AnnotatedElement element, Method declaring, Method test,
            Class<?> testClass) {
        return stopsWithin.computeIfAbsent(new Place(element, declaring, test, testClass),
                place -> StopsWithinLookup.nearest(element, new Method[] {declaring, test}, testClass));
    }
}
