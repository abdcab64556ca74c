package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessSpawner;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationException;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Fields that declare processes or take a spawner: finding, checking, holding (static ones), injecting. */
final class FieldDeclarations {

    /**
     * The fields of a class that declare processes or take a spawner, found once per class: fields do not change,
     * and finding them anew before every test walked the class hierarchy and read each field's annotations per test
     * (and made JUnit's field search hot enough to be compiled by C2 during a suite).
     */
    private static final ClassValue<Found> FOUND = new ClassValue<>() {
        @Override
        protected Found computeValue(Class<?> type) {
            return Found.in(type);
        }
    };

    /** What a class declares, superclasses' fields first. */
    private record Found(List<Field> staticProcesses, List<Field> instanceProcesses, List<Field> staticSpawners,
            List<Field> instanceSpawners) {

        static Found in(Class<?> type) {
            List<Field> processes = ReflectionSupport.findFields(type, DeclaredOptions::isDeclared,
                    HierarchyTraversalMode.TOP_DOWN);
            List<Field> spawners = ReflectionSupport.findFields(type, field -> field.getType() == ProcessSpawner.class,
                    HierarchyTraversalMode.TOP_DOWN);
            return new Found(select(processes, true), select(processes, false), select(spawners, true),
                    select(spawners, false));
        }

        private static List<Field> select(List<Field> fields, boolean statics) {
            return fields.stream().filter(field -> Modifier.isStatic(field.getModifiers()) == statics).toList();
        }
    }

    private static final ExtensionContext.Namespace HOLDERS = ExtensionContext.Namespace.create(
            FieldDeclarations.class);

    /** The class context holding each static field in this run, kept in the root context's store. */
    private static final class Holders {
        final Map<Field, ExtensionContext> byField = new ConcurrentHashMap<>();
    }

    /**
     * Lets go of the static fields a class context holds when JUnit closes that context (after its processes ended).
     * A {@code Store.CloseableResource} too, for the reason {@link ProcessScope} gives.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static final class Release implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final Holders holders;
        private final ExtensionContext context;
        private final Set<Field> held = ConcurrentHashMap.newKeySet();

        Release(Holders holders, ExtensionContext context) {
            this.holders = holders;
            this.context = context;
        }

        @Override
        public void close() {
            held.forEach(field -> holders.byField.remove(field, context));
        }
    }

    private FieldDeclarations() {
    }

    /** Fields declaring a process (directly or through a composed annotation), superclasses' first. */
    static List<Field> processFields(Class<?> type, boolean statics) {
        Found found = FOUND.get(type);
        return statics ? found.staticProcesses() : found.instanceProcesses();
    }

    /** Fields of type {@link ProcessSpawner}, superclasses' first. */
    static List<Field> spawnerFields(Class<?> type, boolean statics) {
        Found found = FOUND.get(type);
        return statics ? found.staticSpawners() : found.instanceSpawners();
    }

    /**
     * Reads and checks one field's declaration (through {@link DeclarationCache}, which reads each once).
     *
     * @param stopsWithin the nearest {@code @StopsWithin} value, if any
     */
    static PendingProcess read(Field field, Optional<String> stopsWithin, Settings settings) {
        String element = Elements.describe(field);
        String annotation = DeclaredOptions.annotationName(field);
        if (field.getDeclaringClass().isInterface()) {
            throw new ExtensionConfigurationException(annotation + " " + element + " is declared in an interface,"
                    + " and a field of an interface cannot hold a process; declare it in the test class.");
        }
        if (field.getType() != ChildProcess.class) {
            throw new ExtensionConfigurationException(annotation + " " + element + " has type "
                    + field.getType().getSimpleName() + "; declare it as ChildProcess.");
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException(annotation + " " + element + " is final; remove final so"
                    + " the process can be injected.");
        }
        try {
            DeclaredOptions.Found found = DeclaredOptions.read(field, element);
            DeclaredOptions.daemonWithOwnDeadline(field, found, element).ifPresent(mistake -> {
                throw new ExtensionConfigurationException(mistake);
            });
            ProcessDeclaration declaration = DeclarationReader.read(found.options(), found.annotation() + " "
                    + element, element, field.getName(), stopsWithin, settings);
            return new PendingProcess(key(field), declaration, field, null);
        } catch (DeclarationException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }

    /**
     * The static fields of a class context that no enclosing class's context holds: a {@code @Nested} class that
     * extends its enclosing class (or a superclass of it) inherits that class's static fields, whose processes and
     * spawners, launched for the enclosing class, stay in them until it ends, after the nested class.
     */
    static List<Field> notHeldByEnclosingClasses(ExtensionContext context, List<Field> fields) {
        Holders holders = context.getRoot().getStore(HOLDERS).get(Holders.class, Holders.class);
        if (holders == null || fields.isEmpty()) {
            return fields;
        }
        return fields.stream().filter(field -> !isAncestor(holders.byField.get(field), context)).toList();
    }

    private static boolean isAncestor(ExtensionContext candidate, ExtensionContext context) {
        for (ExtensionContext c = context.getParent().orElse(null); candidate != null && c != null;
                c = c.getParent().orElse(null)) {
            if (c == candidate) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes a class context the holder of the static process and spawner fields it is about to inject, until JUnit
     * closes it. A static field holds one value: when another still-open class context holds one of them (two
     * subclasses of the superclass declaring it, or two invocations of a class template running a nested class
     * that declares it, at the same time), the class fails, before anything is launched, instead of taking over
     * the other context's field. Test classes that run one after the other hold a field in turn.
     */
    static void holdStatics(ExtensionContext context, List<Field> fields) {
        if (fields.isEmpty()) {
            return;
        }
        Holders holders = context.getRoot().getStore(HOLDERS).getOrComputeIfAbsent(Holders.class,
                key -> new Holders(), Holders.class);
        Release release = context.getStore(HOLDERS).getOrComputeIfAbsent(context,
                key -> new Release(holders, context), Release.class);
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : fields) {
            ExtensionContext holder = holders.byField.compute(field, (f, current) -> current == null ? context
                    : current);
            if (holder != context) {
                String value = field.getType() == ProcessSpawner.class ? "spawner" : "process";
                String annotation = DeclaredOptions.isDeclared(field) ? DeclaredOptions.annotationName(field) + " "
                        : "";
                String start = annotation + Elements.describe(field) + " is static, so it holds one " + value
                        + " at a time, and ";
                if (holder.getRequiredTestClass() == testClass) {
                    throw new ExtensionConfigurationException(start + "another run of test class [" + testClass
                            .getSimpleName() + "] (an invocation of a class template around it), running at the"
                            + " same time, holds it; make it an instance field of a @TestInstance(PER_CLASS)"
                            + " class, or run those invocations one at a time (@Execution(SAME_THREAD) on the class"
                            + " template).");
                }
                throw new ExtensionConfigurationException(start + "test class [" + holder.getRequiredTestClass()
                        .getSimpleName() + "], running at the same time, holds it; declare the field in each test"
                        + " class, or keep those classes from running at the same time (for example with"
                        + " @ResourceLock or @Isolated).");
            }
            release.held.add(field);
        }
    }

    /** The key of a field's process in its scope. */
    static String key(Field field) {
        return "field:" + field.getDeclaringClass().getName() + "#" + field.getName();
    }

    /** Checks that a field can be set: it is not final. */
    static void checkSettable(Field field) {
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException(Elements.describe(field) + " is final, so Childproof cannot"
                    + " inject into it; remove final.");
        }
    }

    /** Sets a field. */
    static void inject(Field field, Object instance, Object value) {
        checkSettable(field);
        try {
            field.setAccessible(true);
            field.set(instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException(DeclaredOptions.annotationName(field) + " "
                    + Elements.describe(field) + " cannot be set (" + e + "); make it accessible to JUnit.", e);
        }
    }
}
