package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.config.SettingsReader;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The run's {@link Settings}, read once per engine run and kept in the root context's store. JUnit offers no list
 * of configuration keys, so unknown keys are looked for where users put them: system properties and
 * {@code junit-platform.properties}.
 */
public final class ConfiguredSettings {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ConfiguredSettings.class);

    private ConfiguredSettings() {
    }

    /** The settings of this run. */
    public static Settings of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Settings.class, key -> read(context),
                Settings.class);
    }

    private static Settings read(ExtensionContext context) {
        try {
            return SettingsReader.read(context::getConfigurationParameter, presentKeys(context));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }

    private static Set<String> presentKeys(ExtensionContext context) {
        Set<String> keys = new TreeSet<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            keys.add(key);
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Enumeration<URL> files = (loader != null ? loader : ConfiguredSettings.class.getClassLoader())
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
        keys.removeIf(key -> !key.startsWith("childproof.") || context.getConfigurationParameter(key).isEmpty());
        return keys;
    }
}
