package dev.childproof.internal.junit;

import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.config.SettingsReader;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the extension does for one test with one process, without JUnit around it: a scope is opened, the
 * process created, launched (and awaited ready), joined, and the scope closed (stop ladder, cookie sweep).
 */
public final class ScopeCycle {

    private ScopeCycle() {
    }

    /** Reads the declaration of a {@code @SpawnedProcess} field of a holder class. */
    public static ProcessDeclaration declaration(Class<?> holder, String fieldName) throws NoSuchFieldException {
        return declaration(holder, fieldName, Settings.DEFAULTS);
    }

    /** Reads the declaration of a {@code @SpawnedProcess} field of a holder class under the given settings. */
    public static ProcessDeclaration declaration(Class<?> holder, String fieldName, Settings settings)
            throws NoSuchFieldException {
        Field field = holder.getDeclaredField(fieldName);
        return DeclarationReader.read(field.getAnnotation(SpawnedProcess.class), Elements.describe(field),
                fieldName, Optional.empty(), settings);
    }

    /** The built-in settings with the cgroup layer off ({@code childproof.cleanup.cgroup=off}). */
    public static Settings cgroupLayerOff() {
        return configured(SettingsReader.CLEANUP_CGROUP, "off");
    }

    /** The built-in settings with quick start of Java children off ({@code childproof.java.quickstart=off}). */
    public static Settings javaQuickStartOff() {
        return configured(SettingsReader.JAVA_QUICKSTART, "off");
    }

    /** The built-in settings with pre-spawned launchers on ({@code childproof.launch.prespawn=on}). */
    public static Settings prespawnOn() {
        return configured(SettingsReader.LAUNCH_PRESPAWN, "on");
    }

    /** The settings a run gets with one configuration parameter set, read as the extension reads them. */
    private static Settings configured(String key, String value) {
        return SettingsReader.read(k -> k.equals(key) ? Optional.of(value) : Optional.empty(), Set.of(key));
    }

    /**
     * Runs one cycle and returns its duration in nanoseconds.
     *
     * @param declaration what to run
     * @param logDirectory where its log goes
     * @param whileAlive what to do with the started process before the scope closes (may be a no-op)
     * @param join whether to wait for the process to exit on its own before the scope closes
     */
    public static long run(ProcessDeclaration declaration, Path logDirectory, Consumer<ManagedProcess> whileAlive,
            boolean join) {
        long start = System.nanoTime();
        ProcessScope scope = new ProcessScope(OperatingSystem.current(), logDirectory);
        try (scope) {
            ManagedProcess process = scope.create("bench", declaration);
            scope.startAll();
            whileAlive.accept(process);
            if (join) {
                process.join();
            }
        }
        return System.nanoTime() - start;
    }
}
