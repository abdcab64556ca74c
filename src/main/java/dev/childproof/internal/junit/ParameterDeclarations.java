package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessSpawner;
import dev.childproof.SharedStopEvent;
import dev.childproof.StopEvent;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationException;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Optional;

/** Parameters that declare processes or name a shared stop event: checking and reading. */
final class ParameterDeclarations {

    private ParameterDeclarations() {
    }

    /**
     * Reads and checks one parameter's process declaration (through {@link DeclarationCache}, which reads each once).
     *
     * @param stopsWithin the nearest {@code @StopsWithin} value, if any
     */
    static PendingProcess read(Parameter parameter, int index, Optional<String> stopsWithin, Settings settings) {
        String element = Elements.describe(parameter, index);
        String annotation = DeclaredOptions.annotationName(parameter);
        Executable executable = parameter.getDeclaringExecutable();
        if (executable instanceof Constructor) {
            throw new ParameterResolutionException(annotation + " " + element + " is a constructor parameter, whose"
                    + " lifetime differs between JUnit versions; declare an instance field instead.");
        }
        if (parameter.getType() != ChildProcess.class) {
            throw new ParameterResolutionException(annotation + " " + element + " has type "
                    + parameter.getType().getSimpleName() + "; declare it as ChildProcess.");
        }
        try {
            DeclaredOptions.Found found = DeclaredOptions.read(parameter, element);
            DeclaredOptions.daemonWithOwnDeadline(parameter, found, element).ifPresent(mistake -> {
                throw new ParameterResolutionException(mistake);
            });
            ProcessDeclaration declaration = DeclarationReader.read(found.options(), found.annotation() + " "
                    + element, element, Elements.name(parameter, index), stopsWithin, settings);
            return new PendingProcess(key(executable, index), declaration, null, null);
        } catch (DeclarationException e) {
            throw new ParameterResolutionException(e.getMessage());
        }
    }

    /**
     * Whether a {@code @BeforeAll} method of the class (or of a superclass) takes a process or a spawner, which it is
     * given before any test of the class runs.
     */
    static boolean takenByBeforeAll(Class<?> testClass) {
        return AnnotationSupport.findAnnotatedMethods(testClass, BeforeAll.class, HierarchyTraversalMode.TOP_DOWN)
                .stream().flatMap(method -> Arrays.stream(method.getParameters()))
                .anyMatch(p -> DeclaredOptions.isDeclared(p) || p.getType() == ProcessSpawner.class);
    }

    /** The key of a parameter's process in its scope. */
    static String key(Executable executable, int index) {
        return "parameter:" + executable.toGenericString() + "#" + index;
    }

    /** The shared event's name a {@code @SharedStopEvent} parameter asks for, checked. */
    static String sharedEventName(Parameter parameter, int index) {
        String element = Elements.describe(parameter, index);
        if (parameter.getDeclaringExecutable() instanceof Constructor) {
            throw new ParameterResolutionException("@SharedStopEvent " + element + " is a constructor parameter;"
                    + " take it as a parameter of the test or lifecycle method instead.");
        }
        if (parameter.getType() != StopEvent.class) {
            throw new ParameterResolutionException("@SharedStopEvent " + element + " has type "
                    + parameter.getType().getSimpleName() + "; declare it as StopEvent.");
        }
        String name = AnnotationSupport.findAnnotation(parameter, SharedStopEvent.class).orElseThrow().value().trim();
        if (name.isEmpty()) {
            throw new ParameterResolutionException("@SharedStopEvent " + element + " has an empty name; give the"
                    + " name the processes use in @SpawnedProcess(stopEvent = ...).");
        }
        return name;
    }

    /** Checks a {@code ProcessSpawner} parameter's place. */
    static void checkSpawner(Parameter parameter, int index) {
        if (parameter.getDeclaringExecutable() instanceof Constructor) {
            throw new ParameterResolutionException("ProcessSpawner " + Elements.describe(parameter, index)
                    + " is a constructor parameter, whose lifetime differs between JUnit versions; declare a field"
                    + " of type ProcessSpawner or take it in the test method instead.");
        }
    }
}
