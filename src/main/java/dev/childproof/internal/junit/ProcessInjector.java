package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessSpawner;
import dev.childproof.SharedStopEvent;
import dev.childproof.StopEvent;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.process.ManagedProcess;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Translates JUnit callbacks into scopes of processes. A declaration lives as long as what holds it: static fields
 * and {@code @BeforeAll} parameters for the class; instance fields for the test instance (one test, or the class
 * under {@code @TestInstance(PER_CLASS)}); test-method and {@code @BeforeEach} parameters for one test, each
 * invocation of a parameterized or repeated test being a test of its own. Every declaration of a scope is checked
 * before any of its processes is launched.
 */
public final class ProcessInjector {

    private static final ExtensionContext.Namespace SPAWNERS = ExtensionContext.Namespace.create(Spawner.class);

    private ProcessInjector() {
    }

    /**
     * Static fields of the test class (but those an enclosing class holds, which keep its processes), and under
     * {@code PER_CLASS} the instance fields of the instances made for this class: launched before
     * {@code @BeforeAll}, and only once the declarations of the class's instance fields were checked too.
     */
    public static void beforeAll(ExtensionContext context) {
        Settings settings = ConfiguredSettings.of(context);
        Class<?> testClass = context.getRequiredTestClass();
        List<PendingProcess> pending = new ArrayList<>();
        List<Field> staticFields = FieldDeclarations.notHeldByEnclosingClasses(context,
                FieldDeclarations.processFields(testClass, true));
        for (Field field : staticFields) {
            pending.add(DeclarationCache.of(context).field(field, null, testClass, settings));
        }
        List<Field> spawnerFields = FieldDeclarations.notHeldByEnclosingClasses(context,
                FieldDeclarations.spawnerFields(testClass, true));
        if (!pending.isEmpty() || !spawnerFields.isEmpty() || ParameterDeclarations.takenByBeforeAll(testClass)) {
            checkInstanceFields(testClass, context, settings);
        }
        List<Object> instances = context.getTestInstances().map(i -> i.getAllInstances()).orElse(List.of());
        for (Object instance : instances) {
            if (ScopeStore.lifetimeOf(instance, context) == context) {
                for (Field field : FieldDeclarations.processFields(instance.getClass(), false)) {
                    pending.add(DeclarationCache.of(context).field(field, null, instance.getClass(), settings)
                            .withInstance(instance));
                }
            }
        }
        if (pending.isEmpty() && spawnerFields.isEmpty() && instances.isEmpty()) {
            return;
        }
        List<Field> statics = new ArrayList<>(staticFields);
        statics.addAll(spawnerFields);
        FieldDeclarations.holdStatics(context, statics);
        ProcessScope scope = ScopeStore.scope(context, settings);
        List<Runnable> injections = new ArrayList<>();
        createAll(scope, pending, injections);
        for (Field field : spawnerFields) {
            injections.add(() -> FieldDeclarations.inject(field, null, spawner(context, settings, field)));
        }
        for (Object instance : instances) {
            if (ScopeStore.lifetimeOf(instance, context) == context) {
                for (Field field : FieldDeclarations.spawnerFields(instance.getClass(), false)) {
                    injections.add(() -> FieldDeclarations.inject(field, instance, spawner(context, settings,
                            field)));
                }
            }
        }
        injections.forEach(Runnable::run);
        scope.startAll();
    }

    /**
     * Checks the instance-field declarations (and every {@code @StopsWithin}) of a test class that has static process
     * or spawner fields, or a {@code @BeforeAll} method taking a process or spawner, so a mistake in one fails the
     * class once, before its class processes are launched, instead of each test after they were. (A class without
     * them keeps failing each test, with nothing launched.)
     */
    private static void checkInstanceFields(Class<?> testClass, ExtensionContext context, Settings settings) {
        StopsWithinPlaces.checkClass(testClass);
        for (Field field : FieldDeclarations.processFields(testClass, false)) {
            DeclarationCache.of(context).field(field, null, testClass, settings);
        }
        FieldDeclarations.spawnerFields(testClass, false).forEach(FieldDeclarations::checkSettable);
    }

    /**
     * Instance fields of the instances made for this test, and test-method parameters: launched before
     * {@code @BeforeEach}.
     */
    public static void beforeEach(ExtensionContext context) {
        Settings settings = ConfiguredSettings.of(context);
        Method method = context.getRequiredTestMethod();
        StopsWithinPlaces.checkClass(context.getRequiredTestClass());
        StopsWithinPlaces.checkMethod(method);
        Set<ProcessScope> touched = new LinkedHashSet<>();
        List<Runnable> injections = new ArrayList<>();
        List<PendingProcess> forThisTest = new ArrayList<>();
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            ExtensionContext lifetime = ScopeStore.lifetimeOf(instance, context);
            boolean perTest = lifetime == context;
            for (Field field : FieldDeclarations.processFields(instance.getClass(), false)) {
                if (perTest) {
                    forThisTest.add(DeclarationCache.of(context).field(field, method, instance.getClass(), settings)
                            .withInstance(instance));
                    continue;
                }
                // normally done in beforeAll; here when the extension was registered too late for it. The scope's
                // tests may run at the same time: one creates the process, each injects it and waits until ready
                ProcessScope classScope = ScopeStore.scope(lifetime, settings);
                ManagedProcess process = classScope.getOrCreate(FieldDeclarations.key(field), () -> DeclarationCache
                        .of(context).field(field, null, instance.getClass(), settings).declaration());
                injections.add(() -> FieldDeclarations.inject(field, instance, process));
                touched.add(classScope);
            }
            if (perTest) {
                for (Field field : FieldDeclarations.spawnerFields(instance.getClass(), false)) {
                    injections.add(() -> FieldDeclarations.inject(field, instance, spawner(context, settings,
                            field)));
                }
            }
        }
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (DeclaredOptions.isDeclared(parameters[i])) {
                forThisTest.add(DeclarationCache.of(context).parameter(parameters[i], i, method,
                        context.getRequiredTestClass(), settings));
            }
        }
        if (!forThisTest.isEmpty()) {
            ProcessScope scope = ScopeStore.scope(context, settings);
            createAll(scope, forThisTest, injections);
            touched.add(scope);
        }
        injections.forEach(Runnable::run);
        touched.forEach(ProcessScope::startAll);
    }

    /**
     * Ends the processes of exactly this context's scope: called after a test's {@code @AfterEach} methods (a class's
     * {@code @AfterAll}), before JUnit closes the context's store (a {@code @TempDir} of the test, say); the store
     * closes the scope again, idly, for a context no callback reached.
     */
    public static void endScope(ExtensionContext context) {
        ScopeStore.existing(context).ifPresent(ProcessScope::close);
    }

    /** The processes of this very context's scope (not its parents'), in creation order; empty when none. */
    public static List<ManagedProcess> processesOf(ExtensionContext context) {
        return ScopeStore.existing(context).map(ProcessScope::processes).orElse(List.of());
    }

    /** Whether a parameter is one the extension provides. */
    public static boolean supports(ParameterContext parameterContext) {
        return DeclaredOptions.isDeclared(parameterContext.getParameter())
                || parameterContext.isAnnotated(SharedStopEvent.class)
                || parameterContext.getParameter().getType() == ProcessSpawner.class;
    }

    /**
     * The value of a parameter: a test method's process was launched before {@code @BeforeEach}; a lifecycle
     * method's is launched now, in the scope of the context it runs for.
     */
    public static Object resolve(ParameterContext parameterContext, ExtensionContext context) {
        Parameter parameter = parameterContext.getParameter();
        int index = parameterContext.getIndex();
        Settings settings = ConfiguredSettings.of(context);
        if (DeclaredOptions.isDeclared(parameter)) {
            return process(parameter, index, context, settings);
        }
        if (parameterContext.isAnnotated(SharedStopEvent.class)) {
            return sharedEvent(ParameterDeclarations.sharedEventName(parameter, index), context, settings);
        }
        ParameterDeclarations.checkSpawner(parameter, index);
        return spawner(context, settings, parameter);
    }

    private static ChildProcess process(Parameter parameter, int index, ExtensionContext context, Settings settings) {
        // a test method's process was launched with this declaration, read and kept before the test: its key (made
        // once, not per test: Method.toGenericString() was some 15 µs of each test's CPU in the 500-test suite)
        // finds the process in the test's scope
        PendingProcess p = DeclarationCache.of(context).parameter(parameter, index,
                context.getTestMethod().orElse(null), context.getRequiredTestClass(), settings);
        Optional<ManagedProcess> launched = ScopeStore.existing(context).flatMap(scope -> scope.get(p.key()));
        if (launched.isPresent()) {
            return launched.get();
        }
        ManagedProcess process = ScopeStore.scope(context, settings).create(p.key(), p.declaration());
        if (p.declaration().autoStart()) {
            process.start();
        }
        return process;
    }

    private static StopEvent sharedEvent(String name, ExtensionContext context, Settings settings) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<StopEvent> found = ScopeStore.existing(c).flatMap(scope -> scope.existingSharedEvent(name));
            if (found.isPresent()) {
                return found.get();
            }
        }
        return ScopeStore.scope(context, settings).sharedEvent(name);
    }

    /**
     * The spawner of a context for a field or parameter: one per context and nearest {@code @StopsWithin}, so the
     * spawner fields and parameters of a test share one unless their own annotations differ.
     */
    private static ProcessSpawner spawner(ExtensionContext context, Settings settings, AnnotatedElement element) {
        Method declaring = element instanceof Parameter parameter
                && parameter.getDeclaringExecutable() instanceof Method method ? method : null;
        Optional<String> stopsWithin = StopsWithinLookup.nearest(element, new Method[] {declaring,
                context.getTestMethod().orElse(null)}, context.getRequiredTestClass());
        return context.getStore(SPAWNERS).getOrComputeIfAbsent(new SpawnerKey(context, stopsWithin),
                key -> new Spawner(ScopeStore.scope(context, settings), settings, stopsWithin), Spawner.class);
    }

    private record SpawnerKey(ExtensionContext context, Optional<String> stopsWithin) {
    }

    private static void createAll(ProcessScope scope, List<PendingProcess> pending, List<Runnable> injections) {
        for (PendingProcess p : pending) {
            ManagedProcess process = scope.create(p.key(), p.declaration());
            if (p.field() != null) {
                injections.add(() -> FieldDeclarations.inject(p.field(), p.instance(), process));
            }
        }
    }
}
