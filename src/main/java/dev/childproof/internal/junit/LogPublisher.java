package dev.childproof.internal.junit;

import dev.childproof.internal.process.ManagedProcess;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Publishes the log file of every process of one scope to the JUnit report ({@link ExtensionContext#publishFile}),
 * once the processes have ended and their logs are complete, replacing a file an earlier run published at the same
 * place; a log that cannot be published does not keep the scope's others from it. It sits in the scope's store
 * before the scope's processes do, so JUnit, which closes stored resources in reverse order, closes it after them.
 * On a JUnit older than the {@code publishFile} API, or one whose file outputs are turned off, nothing is published
 * and the test is not failed for it; the logs stay where they are. That is found out once per run: when
 * {@code publishFile} fails before it asks for the file (no API, no output directory), the run's root store
 * remembers it, so later tests do not pay for an exception each (EngineTestKit turns file outputs off;
 * BENCHMARKS.md). A {@code Store.CloseableResource} too, for the reason {@link ProcessScope} gives.
 */
@SuppressWarnings({"deprecation", "removal"})
public final class LogPublisher implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogPublisher.class);

    /** The root store's key of the flag that says this run cannot publish files. */
    private static final String UNSUPPORTED = "publishing unsupported";

    private final ExtensionContext context;

    private LogPublisher(ExtensionContext context) {
        this.context = context;
    }

    /** Makes sure the logs of the processes of this context's scope will be published; call before any launch. */
    public static void register(ExtensionContext context) {
        context.getStore(NAMESPACE).getOrComputeIfAbsent(context, key -> new LogPublisher(context),
                LogPublisher.class);
    }

    @Override
    public void close() {
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        if (root.get(UNSUPPORTED) != null) {
            return;
        }
        for (ManagedProcess process : ProcessInjector.processesOf(context)) {
            Path log = process.output().logFile();
            // a process that wrote nothing has no log, and its close removed an older run's: no stat to fail
            if (process.startInstant().isPresent() && process.capture().hasLogFile() && Files.isRegularFile(log)) {
                boolean[] asked = new boolean[1];
                try {
                    context.publishFile(log.getFileName().toString(), MediaType.TEXT_PLAIN_UTF_8, target -> {
                        asked[0] = true;
                        link(log, target);
                    });
                } catch (LinkageError | RuntimeException e) {
                    // a JUnit without publishFile, or with file outputs turned off (as EngineTestKit has by
                    // default): a missing report attachment must not fail the test; the log stays in place. A
                    // failure to link or copy this one file leaves the scope's other logs to be published, and is
                    // worth trying again at the next test.
                    if (!asked[0]) {
                        root.put(UNSUPPORTED, Boolean.TRUE);
                        return;
                    }
                }
            }
        }
    }

    /**
     * Puts the log at the report's path, replacing what an earlier run left there (a second run without
     * {@code clean}): a hard link where the file system allows one, else a copy.
     */
    private static void link(Path log, Path target) throws IOException {
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, log);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
