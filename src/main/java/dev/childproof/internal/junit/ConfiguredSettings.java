package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.config.SettingsReader;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run's {@link Settings}, read once per engine run and kept in the root context's store; a bad key or value
 * fails every test that would use Childproof, before anything is launched.
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
            return SettingsReader.read(context::getConfigurationParameter, ConfigurationKeys.present(context));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }
}
