package dev.childproof.bench;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The thinnest JUnit extension that gives a test a process: a {@link Process} parameter annotated {@link Launched} is
 * launched when JUnit resolves it, and after the test it gets {@code destroy()} and {@code waitFor()}, as in the
 * hand-written suite. Nothing else: no stop event, no output capture or log, no record of the process, no cleanup of
 * what it started. The suite benchmark runs it beside Childproof to show what a JUnit extension's own machinery costs
 * (a parameter and its annotation searched, a store, the callbacks) apart from Childproof's work for each process.
 */
final class ThinExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ThinExtension.class);

    /** A {@link Process} parameter launched from a command line. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @ExtendWith(ThinExtension.class)
    @interface Launched {
        /**
         * The command line.
         *
         * @return the executable and its arguments
         */
        String[] value();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Process.class && parameter.isAnnotated(Launched.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            Process process = new ProcessBuilder(parameter.findAnnotation(Launched.class).orElseThrow().value())
                    .start();
            context.getStore(NAMESPACE).put(Process.class, process);
            return process;
        } catch (IOException e) {
            throw new ParameterResolutionException("could not launch " + parameter.getParameter(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Process process = context.getStore(NAMESPACE).remove(Process.class, Process.class);
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
