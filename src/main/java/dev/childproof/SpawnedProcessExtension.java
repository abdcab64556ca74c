package dev.childproof;

import dev.childproof.internal.junit.FailureReport;
import dev.childproof.internal.junit.LogPublisher;
import dev.childproof.internal.junit.ProcessInjector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit adapter behind {@link SpawnedProcess}, {@link StopsWithin}, {@link SharedStopEvent} and
 * {@link Childproof}: it only translates callbacks; the work is in {@code dev.childproof.internal}.
 */
final class SpawnedProcessExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        InvocationInterceptor {

    @Override
    public void beforeAll(ExtensionContext context) {
        LogPublisher.register(context);
        ProcessInjector.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LogPublisher.register(context);
        ProcessInjector.beforeEach(context);
    }

    /**
     * Ends the test's processes once its {@code @AfterEach} methods ran, before JUnit closes what the test's other
     * parameters hold: a {@code @TempDir} a process still wrote into could not be deleted.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        ProcessInjector.endScope(context);
    }

    /** Ends the class's processes once its {@code @AfterAll} methods ran, as {@link #afterEach} does for a test. */
    @Override
    public void afterAll(ExtensionContext context) {
        ProcessInjector.endScope(context);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw FailureReport.addTo(throwable, context);
    }

    /** A dynamic test's failure gets the reports too: JUnit asks exception handlers about test methods only. */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        try {
            invocation.proceed();
        } catch (Throwable failure) {
            throw FailureReport.addTo(failure, extensionContext);
        }
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw FailureReport.addTo(throwable, context);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw FailureReport.addTo(throwable, context);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw FailureReport.addToLater(throwable, context);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw FailureReport.addToLater(throwable, context);
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
