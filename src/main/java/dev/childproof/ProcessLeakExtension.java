package dev.childproof;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.junit.LeakCheck;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

/** The JUnit adapter behind {@link DetectProcessLeaks}: finds the policy that applies; the work is in LeakCheck. */
final class ProcessLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakCheck.begin(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LeakCheck.end(context, policy(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LeakCheck.begin(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LeakCheck.end(context, policy(context));
    }

    private static Optional<Settings.LeakPolicy> policy(ExtensionContext context) {
        Optional<DetectProcessLeaks> annotation = find(context.getTestMethod().orElse(null));
        for (Class<?> c = context.getTestClass().orElse(null); annotation.isEmpty() && c != null;
                c = c.getEnclosingClass()) {
            annotation = find(c);
        }
        DetectProcessLeaks.Policy policy = annotation.map(DetectProcessLeaks::value)
                .orElse(DetectProcessLeaks.Policy.CONFIGURED);
        return policy == DetectProcessLeaks.Policy.CONFIGURED ? Optional.empty()
                : Optional.of(Settings.LeakPolicy.valueOf(policy.name()));
    }

    private static Optional<DetectProcessLeaks> find(AnnotatedElement element) {
        return element == null ? Optional.empty() : AnnotationSupport.findAnnotation(element, DetectProcessLeaks.class);
    }
}
