package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * The log directory part of each method a test class has (its own, its superclasses', its interfaces'): the
     * name; then the parameter types when another method has that name and other parameter types; and the
     * declaring class in front when another class declares the same name and parameter types without one of them
     * overriding the other (a package-private method and one in another package).
     */
    private static final ClassValue<Map<Method, String>> METHOD_PARTS = new ClassValue<>() {
        @Override
        protected Map<Method, String> computeValue(Class<?> testClass) {
            return methodParts(testClass);
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
     * parameterized test) to the method, and an overloaded method its parameter types (and its declaring class in
     * front when a method of another class has the same name and parameter types: {@code Base.check}). A class or
     * method part too long for a file name is shortened, a hash of it added ({@link ProcessScope#fittedFileName}).
     */
    private static Path logDirectory(ExtensionContext context, Settings settings) {
        String uniqueId = context.getUniqueId();
        String classPart = ProcessScope.fittedFileName(context.getTestClass().map(Class::getName).orElse("engine"));
        if (uniqueId.contains("[class-template-invocation:")) { // rare: no split of every scope's id
            for (String segment : uniqueId.split("/")) {
                if (segment.startsWith("[class-template-invocation:")) {
                    classPart += "-" + digitsOf(segment);
                }
            }
        }
        Path dir = resolveEncodable(settings.outputDir(), classPart);
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            String leaf = uniqueId.substring(uniqueId.lastIndexOf('/') + 1);
            String invocation = leaf.contains("invocation:") ? "-" + digitsOf(leaf) : "";
            dir = resolveEncodable(dir, ProcessScope.fittedFileName(methodPart(method.get(),
                    context.getRequiredTestClass())) + invocation);
        }
        return dir;
    }

    /**
     * The directory's entry of that name, or, where the system's file-name charset cannot hold the name (a class or
     * method named in Unicode under a C or POSIX locale, whose {@code sun.jnu.encoding} is ASCII), of its safe form
     * ({@link ProcessScope#safeFileName}): a log directory must never fail the test.
     */
    private static Path resolveEncodable(Path dir, String name) {
        try {
            return dir.resolve(name);
        } catch (InvalidPathException e) {
            return dir.resolve(ProcessScope.safeFileName(name));
        }
    }

    /** The method's part of a log directory in this test class; see {@link #METHOD_PARTS}. */
    private static String methodPart(Method method, Class<?> testClass) {
        String part = METHOD_PARTS.get(testClass).get(method);
        return part != null ? part : method.getName();
    }

    private static Map<Method, String> methodParts(Class<?> testClass) {
        List<Method> methods = new ArrayList<>();
        collectMethods(testClass, new HashSet<>(), methods);
        Map<String, Set<List<Class<?>>>> signatures = new HashMap<>();
        Map<List<Object>, List<Method>> sameSignature = new HashMap<>();
        for (Method m : methods) {
            List<Class<?>> types = List.of(m.getParameterTypes());
            signatures.computeIfAbsent(m.getName(), name -> new HashSet<>()).add(types);
            sameSignature.computeIfAbsent(List.of(m.getName(), types), key -> new ArrayList<>()).add(m);
        }
        Map<Method, String> parts = new HashMap<>();
        for (Method m : methods) {
            StringBuilder part = new StringBuilder(m.getName());
            if (signatures.get(m.getName()).size() > 1) {
                for (Class<?> type : m.getParameterTypes()) {
                    part.append('-').append(ProcessScope.safeFileName(type.getSimpleName()));
                }
            }
            List<Method> alike = sameSignature.get(List.of(m.getName(), List.of(m.getParameterTypes())));
            if (alike.stream().anyMatch(other -> separate(m, other))) {
                boolean sameSimpleName = alike.stream().anyMatch(other -> other.getDeclaringClass() != m
                        .getDeclaringClass() && other.getDeclaringClass().getSimpleName().equals(m
                        .getDeclaringClass().getSimpleName()));
                Class<?> declaring = m.getDeclaringClass();
                part.insert(0, ProcessScope.safeFileName(sameSimpleName ? declaring.getName()
                        : declaring.getSimpleName()) + ".");
            }
            parts.put(m, part.toString());
        }
        return parts;
    }

    /** The non-synthetic methods a class declares, its superclasses and its interfaces, each type once. */
    private static void collectMethods(Class<?> type, Set<Class<?>> seen, List<Method> methods) {
        if (type == null || type == Object.class || !seen.add(type)) {
            return;
        }
        for (Method m : type.getDeclaredMethods()) {
            if (!m.isSynthetic()) {
                methods.add(m);
            }
        }
        collectMethods(type.getSuperclass(), seen, methods);
        for (Class<?> i : type.getInterfaces()) {
            collectMethods(i, seen, methods);
        }
    }

    /**
     * Whether two instance methods of one name and parameter types, declared in different classes, can both be
     * tests: neither overrides the other when one is package-private and they are in different packages.
     */
    private static boolean separate(Method a, Method b) {
        if (a.getDeclaringClass() == b.getDeclaringClass() || isStaticOrPrivate(a) || isStaticOrPrivate(b)) {
            return false;
        }
        boolean packagePrivate = isPackagePrivate(a) || isPackagePrivate(b);
        return packagePrivate && !a.getDeclaringClass().getPackageName().equals(b.getDeclaringClass()
                .getPackageName());
    }

    private static boolean isStaticOrPrivate(Method m) {
        return Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers());
    }

    private static boolean isPackagePrivate(Method m) {
        return (m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == 0;
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
