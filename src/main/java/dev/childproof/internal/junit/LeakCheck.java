package dev.childproof.internal.junit;

import dev.childproof.internal.config.Settings;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.Adoption;
import dev.childproof.internal.reap.JvmChildren;
import dev.childproof.internal.reap.ProcessTree;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@code @DetectProcessLeaks}: the test JVM's children not started by Childproof are noted when a test (or class)
 * begins; those alive at its end that were not there before are named, ended with their descendants, and reported
 * by the policy.
 */
public final class LeakCheck {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheck.class);

    private LeakCheck() {
    }

    /**
     * Notes the children alive as the test or class begins. Reads the configuration first, so that a malformed
     * value fails here, before the test's code runs, not at the end, where it would leave the leaks running.
     */
    public static void begin(ExtensionContext context) {
        ConfiguredSettings.of(context);
        // on Java 22+, as before a launch: a grandchild the test's code orphans is then the JVM's child, and seen;
        // and reaped when it dies, even in a run that launches nothing
        Adoption.instance().beforeLeakCheck();
        Set<ProcessIdentity> before = ConcurrentHashMap.newKeySet();
        before.addAll(children().notOurs());
        context.getStore(NAMESPACE).put(context.getUniqueId(), before);
    }

    /**
     * Ends and reports the processes the test or class left.
     *
     * @param policy the policy of the annotation, or empty to use the configured one
     * @throws AssertionError under the fail policy, when processes leaked
     */
    public static void end(ExtensionContext context, Optional<Settings.LeakPolicy> policy) {
        Settings settings = ConfiguredSettings.of(context);
        Settings.LeakPolicy applied = policy.orElse(settings.leakPolicy());
        Set<ProcessIdentity> before = before(context).orElse(Set.of());
        if (applied == Settings.LeakPolicy.OFF) {
            tolerateInEnclosing(context, before);
            return;
        }
        List<ProcessIdentity> leaked = children().notOurs().stream().filter(id -> !before.contains(id))
                .collect(Collectors.toList());
        if (leaked.isEmpty()) {
            return;
        }
        OperatingSystem os = OperatingSystem.current();
        String named = leaked.stream().map(id -> "pid " + id.pid() + " (" + os.commandLine(id.pid()) + ")")
                .collect(Collectors.joining(", "));
        endAll(os, leaked, settings.killTimeout());
        String message = message(context, leaked.size(), named);
        if (applied == Settings.LeakPolicy.FAIL) {
            throw new AssertionError(message);
        }
        System.err.println("childproof: warning: " + message);
        context.publishReportEntry("childproof.leaks", message);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Set<ProcessIdentity>> before(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(context.getUniqueId(), Set.class));
    }

    /**
     * A test or class checked with {@code OFF} may leave processes: they are its own choice, so the checks of the
     * classes around it (a class annotated {@code FAIL} around a method annotated {@code OFF}, an outer class around
     * a {@code @Nested} one) count them as there before, rather than blame the class for them.
     */
    private static void tolerateInEnclosing(ExtensionContext context, Set<ProcessIdentity> before) {
        List<Set<ProcessIdentity>> enclosing = new ArrayList<>();
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            before(c.get()).ifPresent(enclosing::add);
        }
        if (enclosing.isEmpty()) {
            return;
        }
        List<ProcessIdentity> left = children().notOurs().stream().filter(id -> !before.contains(id))
                .collect(Collectors.toList());
        enclosing.forEach(set -> set.addAll(left));
    }

    static String message(ExtensionContext context, int count, String named) {
        String element = context.getRequiredTestClass().getSimpleName()
                + context.getTestMethod().map(m -> "." + m.getName() + "()").orElse("");
        String who = context.getTestMethod().isPresent() ? "the test" : "the class";
        return "@DetectProcessLeaks [" + element + "] found " + count + (count == 1 ? " process " : " processes ")
                + who + " started and left running, ended now: " + named + "; " + (count == 1 ? "end it" : "end them")
                + " in the test, or declare " + (count == 1 ? "it" : "them") + " with @SpawnedProcess.";
    }

    private static void endAll(OperatingSystem os, List<ProcessIdentity> leaked, Duration killTimeout) {
        List<ProcessIdentity> all = new ArrayList<>();
        List<ProcessIdentity> descendants = new ArrayList<>();
        for (ProcessIdentity id : leaked) {
            List<ProcessIdentity> members = ProcessTree.snapshot(os, id).members();
            all.addAll(members);
            descendants.addAll(members.subList(1, members.size()));
        }
        ProcessTree tree = ProcessTree.of(os, all);
        tree.signal("TERM");
        if (!tree.awaitGone(killTimeout)) {
            tree.kill();
            tree.awaitGone(Duration.ofSeconds(5));
        }
        Adoption.instance().reap(descendants);
    }

    private static JvmChildren children() {
        return new JvmChildren(OperatingSystem.current(), ProcessHandle.current().pid());
    }
}
