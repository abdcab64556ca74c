package dev.childproof;

import dev.childproof.internal.junit.ProcessInjector;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit adapter behind {@link SpawnedProcess}, {@link StopsWithin}, {@link SharedStopEvent} and
 * {@link Childproof}: it only translates callbacks; the work is in {@code dev.childproof.internal}.
 */
final class SpawnedProcessExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        ProcessInjector.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ProcessInjector.beforeEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return ProcessInjector.supports(parameterContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return ProcessInjector.resolve(parameterContext, extensionContext);
    }
}
