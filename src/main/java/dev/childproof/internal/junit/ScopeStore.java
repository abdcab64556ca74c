package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;

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
     * The context a test instance lives for: its class's context under {@code PER_CLASS}; the innermost class's
     * context when that one is {@code PER_CLASS} (its enclosing instances are made once for it); otherwise the
     * test's own context.
     */
    static ExtensionContext lifetimeOf(Object instance, ExtensionContext context) {
        ExtensionContext own = classContext(context, instance.getClass());
        if (isPerClass(own)) {
            return own;
        }
        ExtensionContext innermost = classContext(context, context.getRequiredTestClass());
        if (isPerClass(innermost)) {
            return innermost;
        }
        return context;
    }

    /** The nearest context at or above this one that is the class context of the given class. */
    static ExtensionContext classContext(ExtensionContext context, Class<?> type) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().orElse(null) == type && c.getTestMethod().isEmpty()) {
                return c;
            }
        }
        return context;
    }

    private static boolean isPerClass(ExtensionContext classContext) {
        return classContext.getTestMethod().isEmpty() && classContext.getTestInstanceLifecycle()
                .map(lifecycle -> lifecycle == TestInstance.Lifecycle.PER_CLASS).orElse(false);
    }

    private static Path logDirectory(ExtensionContext context, Settings settings) {
        Path dir = settings.outputDir().resolve(context.getTestClass().map(Class::getName).orElse("engine"));
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            String uniqueId = context.getUniqueId();
            String leaf = uniqueId.substring(uniqueId.lastIndexOf('/') + 1);
            String invocation = leaf.contains("invocation:") ? "-" + digitsOf(leaf) : "";
            dir = dir.resolve(method.get().getName() + invocation);
        }
        return dir;
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
