package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.ProcessSpawner;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationException;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/** Fields that declare processes or take a spawner: finding, checking, injecting. */
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
            ProcessDeclaration declaration = DeclarationReader.read(found.options(), found.annotation() + " "
                    + element, element, field.getName(), stopsWithin, settings);
            return new PendingProcess(key(field), declaration, field, null);
        } catch (DeclarationException e) {
            throw new ExtensionConfigurationException(e.getMessage());
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
