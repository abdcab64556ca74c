package dev.childproof.internal.process;

import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.stop.ParentStopEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Processes a test makes that belong to no scope, each declared by a {@code @SpawnedProcess} field of a holder class
 * and run without the cgroup layer, on a system the test chooses (a {@code ForwardingOperatingSystem} that plays
 * some calls differently). The test ends them itself ({@link ManagedProcess#end()}, then its release); a class that
 * makes them is {@code @Isolated}, since a run-level sweep of a test running at the same time would end them.
 */
final class Unscoped {

    private static final Duration STOP = Duration.ofSeconds(5);
    private static final Duration KILL = Duration.ofSeconds(2);
    private static final Duration READY = Duration.ofSeconds(30);

    private Unscoped() {
    }

    /** The process of a holder's field with a stop event of its own, not started; its log goes to {@code logs}. */
    static ManagedProcess of(Class<?> holder, String field, Path logs, OperatingSystem os) throws NoSuchFieldException {
        return of(holder, field, logs, os, new ParentStopEvent(field));
    }

    /** As {@link #of(Class, String, Path, OperatingSystem)}, with the stop event given (one shared by several). */
    static ManagedProcess of(Class<?> holder, String field, Path logs, OperatingSystem os, ParentStopEvent event)
            throws NoSuchFieldException {
        Settings noCgroup = new Settings(STOP, KILL, READY, false, logs, 1024 * 1024, Settings.LeakPolicy.FAIL, false,
                false, true, false);
        ProcessDeclaration declaration = DeclarationReader.read(
                holder.getDeclaredField(field).getAnnotation(SpawnedProcess.class), "field [" + field + "]", field,
                Optional.empty(), noCgroup);
        return new ManagedProcess(declaration, event, logs.resolve(field + ".log"), os);
    }
}
