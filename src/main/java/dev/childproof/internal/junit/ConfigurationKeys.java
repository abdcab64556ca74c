package dev.childproof.internal.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys under {@code childproof.} that are set in this run, so unknown ones can be reported.
 * JUnit gives extensions no list of keys, only a lookup, so they are gathered from where they come from: system
 * properties, {@code junit-platform.properties} files, and, where the running JUnit keeps them where they can be
 * read (the launcher's own parameters: {@code --config}, Surefire's {@code configurationParameters},
 * {@code EngineTestKit}), the engine's configuration parameters. Only keys the lookup confirms are kept.
 */
final class ConfigurationKeys {

    private static final String PREFIX = "childproof.";
    private static final String CONFIGURATION_PARAMETERS = "org.junit.platform.engine.ConfigurationParameters";

    private ConfigurationKeys() {
    }

    static Set<String> present(ExtensionContext context) {
        Set<String> keys = new TreeSet<>(System.getProperties().stringPropertyNames());
        keys.addAll(propertiesFiles());
        keys.addAll(engineKeys(context.getRoot()));
        keys.removeIf(key -> !key.startsWith(PREFIX) || context.getConfigurationParameter(key).isEmpty());
        return keys;
    }

    private static Set<String> propertiesFiles() {
        Set<String> keys = new TreeSet<>();
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Enumeration<URL> files = (loader != null ? loader : ConfigurationKeys.class.getClassLoader())
                    .getResources("junit-platform.properties");
            while (files.hasMoreElements()) {
                Properties properties = new Properties();
                try (InputStream in = files.nextElement().openStream()) {
                    properties.load(in);
                }
                keys.addAll(properties.stringPropertyNames());
            }
        } catch (IOException e) {
            // unreadable: no keys from there
        }
        return keys;
    }

    /** Best effort: the engine's ConfigurationParameters, found in the context's fields (at most three hops). */
    private static Set<String> engineKeys(ExtensionContext root) {
        Set<String> keys = new TreeSet<>();
        try {
            find(root, 0).ifPresent(parameters -> {
                try {
                    Method keySet = Class.forName(CONFIGURATION_PARAMETERS, false, parameters.getClass()
                            .getClassLoader()).getMethod("keySet");
                    for (Object key : (Collection<?>) keySet.invoke(parameters)) {
                        keys.add(String.valueOf(key));
                    }
                } catch (ReflectiveOperationException | LinkageError e) {
                    // an older or different JUnit: the other sources still count
                }
            });
        } catch (RuntimeException e) {
            // not readable here (a module boundary, a different implementation): the other sources still count
        }
        return keys;
    }

    private static Optional<Object> find(Object object, int depth) {
        if (object == null || depth > 3) {
            return Optional.empty();
        }
        if (implementsConfigurationParameters(object.getClass())) {
            return Optional.of(object);
        }
        for (Class<?> c = object.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (!c.getName().startsWith("org.junit.")) {
                continue;
            }
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
                        || !field.getType().getName().startsWith("org.junit.")
                        || !field.getType().getName().contains("Configuration")) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Optional<Object> found = find(field.get(object), depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // try the next field
                }
            }
        }
        return Optional.empty();
    }

    private static boolean implementsConfigurationParameters(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(CONFIGURATION_PARAMETERS)) {
                    return true;
                }
            }
        }
        return false;
    }
}
