package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link ProcessScope} of an extension context, and the context an object lives for.
 *
 * <p>Scopes are keyed by the context object itself: {@code ExtensionContext.Store} lookups fall back to the parent
 * contexts' stores, so a plain key would hand a test the scope of its class. JUnit hands every callback of one test
 * (or class) the same context, and the object is a cheaper key than its unique id, which JUnit formats anew on
 * each call.
 */
final class ScopeStore {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ProcessScope.class);

    /** The names a test class and its superclasses give to methods of different parameter types. */
    private static final ClassValue<Set<String>> OVERLOADED = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> testClass) {
            Map<String, Set<List<Class<?>>>> signatures = new HashMap<>();
            for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (!m.isSynthetic()) {
                        signatures.computeIfAbsent(m.getName(), name -> new HashSet<>())
                                .add(List.of(m.getParameterTypes()));
                    }
                }
            }
            Set<String> overloaded = new HashSet<>();
            signatures.forEach((name, kinds) -> {
                if (kinds.size() > 1) {
                    overloaded.add(name);
                }
            });
            return overloaded;
        }
    };

    private ScopeStore() {
    }

    /** The scope of exactly this context, created on first use and closed by JUnit when the context ends. */
    static ProcessScope scope(ExtensionContext context, Settings settings) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context,
                key -> new ProcessScope(OperatingSystem.current(), logDirectory(context, settings)),
                ProcessScope.class);
    }

    /** The scope of exactly this context, if one was created. */
    static Optional<ProcessScope> existing(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(context, ProcessScope.class));
    }

    /**
     * The context a test instance lives for: the class context of the outermost {@code PER_CLASS} class from the
     * instance's own class down to the innermost class of this context (an enclosing instance is made once for the
     * instance of such a class, and so is the instance of that class itself); otherwise this context itself.
     */
    static ExtensionContext lifetimeOf(Object instance, ExtensionContext context) {
        ExtensionContext lifetime = context;
        Class<?> previous = null;
        boolean reachedOwn = false;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Class<?> type = c.getTestClass().orElse(null);
            if (type == null || c.getTestMethod().isPresent()) {
                continue; // the engine, or a test
            }
            if (type == previous) {
                // a class template around its invocation's context: under PER_CLASS JUnit makes one instance for
                // the template, shared by every invocation
                if (lifetime.getTestClass().orElse(null) == type && lifetime.getTestMethod().isEmpty()
                        && isPerClass(c)) {
                    lifetime = c;
                }
                continue;
            }
            if (reachedOwn) {
                break; // a class enclosing the instance's own
            }
            previous = type;
            if (isPerClass(c)) {
                lifetime = c;
            }
            reachedOwn = type == instance.getClass();
        }
        return lifetime;
    }

    private static boolean isPerClass(ExtensionContext classContext) {
        return classContext.getTestMethod().isEmpty() && classContext.getTestInstanceLifecycle()
                .map(lifecycle -> lifecycle == TestInstance.Lifecycle.PER_CLASS).orElse(false);
    }

    /**
     * {@code <output dir>/<test class>/<test method>}, unique per context: an invocation of a class template (such
     * as {@code @ParameterizedClass}) adds {@code -<n>} to the class, one of a test template (a repeated or
     * parameterized test) to the method, and an overloaded method its parameter types.
     */
    private static Path logDirectory(ExtensionContext context, Settings settings) {
        String uniqueId = context.getUniqueId();
        String classPart = context.getTestClass().map(Class::getName).orElse("engine");
        if (uniqueId.contains("[class-template-invocation:")) { // rare: no split of every scope's id
            for (String segment : uniqueId.split("/")) {
                if (segment.startsWith("[class-template-invocation:")) {
                    classPart += "-" + digitsOf(segment);
                }
            }
        }
        Path dir = settings.outputDir().resolve(classPart);
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            String leaf = uniqueId.substring(uniqueId.lastIndexOf('/') + 1);
            String invocation = leaf.contains("invocation:") ? "-" + digitsOf(leaf) : "";
            dir = dir.resolve(methodPart(method.get(), context.getRequiredTestClass()) + invocation);
        }
        return dir;
    }

    /** The method's name, and its parameter types when the test class has another method of that name. */
    private static String methodPart(Method method, Class<?> testClass) {
        if (!OVERLOADED.get(testClass).contains(method.getName())) {
            return method.getName();
        }
        StringBuilder part = new StringBuilder(method.getName());
        for (Class<?> type : method.getParameterTypes()) {
            part.append('-').append(ProcessScope.safeFileName(type.getSimpleName()));
        }
        return part.toString();
    }

    private static String digitsOf(String text) {
        StringBuilder digits = new StringBuilder(8);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                digits.append(text.charAt(i));
            }
        }
        return digits.toString();
    }
}
