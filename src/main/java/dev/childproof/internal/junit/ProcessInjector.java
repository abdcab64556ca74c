package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopsWithin;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationException;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Translates JUnit callbacks into scopes of processes: static fields per class, instance fields and test-method
 * parameters per test (per class under {@code @TestInstance(PER_CLASS)}), lifecycle-method parameters on demand.
 * Every declaration of a scope is checked before any of its processes is launched.
 */
public final class ProcessInjector {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ProcessInjector.class);

    private ProcessInjector() {
    }

    /** Static fields of the test class: launched before {@code @BeforeAll}. */
    public static void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        List<Field> fields = annotatedFields(testClass, true);
        if (fields.isEmpty()) {
            return;
        }
        Settings settings = ConfiguredSettings.of(context);
        List<Pending> pending = new ArrayList<>();
        for (Field field : fields) {
            pending.add(readField(field, stopsWithin(field, null, testClass), settings));
        }
        ProcessScope scope = scope(context, settings);
        for (Pending p : pending) {
            ManagedProcess process = scope.create(p.key, p.declaration);
            inject(p.field, null, process);
        }
        scope.startAll();
    }

    /** Instance fields and test-method parameters: launched before {@code @BeforeEach}. */
    public static void beforeEach(ExtensionContext context) {
        Settings settings = ConfiguredSettings.of(context);
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        Set<ProcessScope> touched = new LinkedHashSet<>();
        List<Object> instances = context.getRequiredTestInstances().getAllInstances();
        List<Runnable> injections = new ArrayList<>();
        List<Pending> methodPending = new ArrayList<>();
        for (Object instance : instances) {
            boolean perClass = isPerClass(instance.getClass());
            for (Field field : annotatedFields(instance.getClass(), false)) {
                Pending p = readField(field, stopsWithin(field, perClass ? null : method, instance.getClass()),
                        settings);
                if (perClass) {
                    ProcessScope classScope = scope(classContext(context, instance.getClass()), settings);
                    if (classScope.get(p.key).isEmpty()) {
                        ManagedProcess process = classScope.create(p.key, p.declaration);
                        injections.add(() -> inject(field, instance, process));
                        touched.add(classScope);
                    }
                } else {
                    methodPending.add(p.withInstance(instance));
                }
            }
        }
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (AnnotationSupport.isAnnotated(parameters[i], SpawnedProcess.class)) {
                methodPending.add(readParameter(parameters[i], i, method, testClass, settings));
            }
        }
        if (!methodPending.isEmpty()) {
            ProcessScope methodScope = scope(context, settings);
            for (Pending p : methodPending) {
                ManagedProcess process = methodScope.create(p.key, p.declaration);
                if (p.field != null) {
                    injections.add(() -> inject(p.field, p.instance, process));
                }
            }
            touched.add(methodScope);
        }
        injections.forEach(Runnable::run);
        touched.forEach(ProcessScope::startAll);
    }

    /** The processes of this very context's scope (not its parents'), in creation order; empty when none. */
    public static List<ManagedProcess> processesOf(ExtensionContext context) {
        ProcessScope scope = context.getStore(NAMESPACE).get(context.getUniqueId(), ProcessScope.class);
        return scope == null ? List.of() : scope.processes();
    }

    /** Whether a parameter is one the extension provides. */
    public static boolean supports(ParameterContext parameterContext) {
        return parameterContext.isAnnotated(SpawnedProcess.class);
    }

    /** The process for a parameter: launched already for a test method, on demand for a lifecycle method. */
    public static ChildProcess resolve(ParameterContext parameterContext, ExtensionContext context) {
        Parameter parameter = parameterContext.getParameter();
        int index = parameterContext.getIndex();
        String key = parameterKey(parameterContext.getDeclaringExecutable(), index);
        Settings settings = ConfiguredSettings.of(context);
        ProcessScope scope = scope(context, settings);
        Optional<ManagedProcess> launched = scope.get(key);
        if (launched.isPresent()) {
            return launched.get();
        }
        Method method = parameterContext.getDeclaringExecutable() instanceof Method
                ? (Method) parameterContext.getDeclaringExecutable() : null;
        Pending p = readParameter(parameter, index, method, context.getRequiredTestClass(), settings);
        ManagedProcess process = scope.create(p.key, p.declaration);
        if (p.declaration.autoStart()) {
            process.start();
        }
        return process;
    }

    private static Pending readField(Field field, Optional<String> stopsWithin, Settings settings) {
        String element = Elements.describe(field);
        if (field.getType() != ChildProcess.class) {
            throw new ExtensionConfigurationException("@SpawnedProcess " + element + " has type "
                    + field.getType().getSimpleName() + "; declare it as ChildProcess.");
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@SpawnedProcess " + element + " is final; remove final so"
                    + " the process can be injected.");
        }
        SpawnedProcess annotation = AnnotationSupport.findAnnotation(field, SpawnedProcess.class).orElseThrow();
        try {
            ProcessDeclaration declaration = DeclarationReader.read(annotation, element, field.getName(), stopsWithin,
                    settings);
            return new Pending("field:" + field.getDeclaringClass().getName() + "#" + field.getName(), declaration,
                    field, null);
        } catch (DeclarationException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }

    private static Pending readParameter(Parameter parameter, int index, Method method, Class<?> testClass,
            Settings settings) {
        String element = Elements.describe(parameter, index);
        if (parameter.getType() != ChildProcess.class) {
            throw new ParameterResolutionException("@SpawnedProcess " + element + " has type "
                    + parameter.getType().getSimpleName() + "; declare it as ChildProcess.");
        }
        SpawnedProcess annotation = AnnotationSupport.findAnnotation(parameter, SpawnedProcess.class).orElseThrow();
        try {
            ProcessDeclaration declaration = DeclarationReader.read(annotation, element, Elements.name(parameter,
                    index), stopsWithin(parameter, method, testClass), settings);
            return new Pending(parameterKey(parameter.getDeclaringExecutable(), index), declaration, null, null);
        } catch (DeclarationException e) {
            throw new ParameterResolutionException(e.getMessage());
        }
    }

    private static String parameterKey(java.lang.reflect.Executable executable, int index) {
        return "parameter:" + executable.toGenericString() + "#" + index;
    }

    private static Optional<String> stopsWithin(AnnotatedElement element, Method method, Class<?> testClass) {
        Optional<StopsWithin> own = AnnotationSupport.findAnnotation(element, StopsWithin.class);
        if (own.isPresent()) {
            return own.map(StopsWithin::value);
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

    private static List<Field> annotatedFields(Class<?> type, boolean statics) {
        return AnnotationSupport.findAnnotatedFields(type, SpawnedProcess.class,
                field -> Modifier.isStatic(field.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN);
    }

    private static void inject(Field field, Object instance, ChildProcess process) {
        try {
            field.setAccessible(true);
            field.set(instance, process);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("@SpawnedProcess " + Elements.describe(field)
                    + " cannot be set (" + e + "); make it accessible to JUnit.", e);
        }
    }

    private static boolean isPerClass(Class<?> type) {
        return AnnotationSupport.findAnnotation(type, TestInstance.class)
                .map(t -> t.value() == TestInstance.Lifecycle.PER_CLASS).orElse(false);
    }

    private static ExtensionContext classContext(ExtensionContext context, Class<?> type) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().orElse(null) == type && c.getTestMethod().isEmpty()) {
                return c;
            }
        }
        return context;
    }

    private static ProcessScope scope(ExtensionContext context, Settings settings) {
        // keyed by the context's id: a store lookup falls back to the parents' stores, whose scopes are others
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(),
                key -> new ProcessScope(OperatingSystem.current(), logDirectory(context, settings)),
                ProcessScope.class);
    }

    private static Path logDirectory(ExtensionContext context, Settings settings) {
        Path dir = settings.outputDir().resolve(context.getRequiredTestClass().getName());
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            String uniqueId = context.getUniqueId();
            String leaf = uniqueId.substring(uniqueId.lastIndexOf('/') + 1);
            String invocation = leaf.contains("invocation:") ? "-" + leaf.replaceAll("[^0-9]", "") : "";
            dir = dir.resolve(method.get().getName() + invocation);
        }
        return dir;
    }

    /** A declaration read and checked, not yet launched. */
    private static final class Pending {
        final String key;
        final ProcessDeclaration declaration;
        final Field field;
        final Object instance;

        Pending(String key, ProcessDeclaration declaration, Field field, Object instance) {
            this.key = key;
            this.declaration = declaration;
            this.field = field;
            this.instance = instance;
        }

        Pending withInstance(Object owner) {
            return new Pending(key, declaration, field, owner);
        }
    }
}
