package dev.childproof.internal.junit;

import dev.childproof.internal.launch.LauncherPool;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.reap.Adoption;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.LaunchRegistry;
import dev.childproof.internal.reap.LeftoverSweep;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.internal.stop.RunDirectory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The sweeps at the edges of a test run, registered through {@code META-INF/services}: when the launcher session
 * opens, processes left by earlier runs whose test JVM is gone are ended, and their run directories removed; when it
 * closes, everything of this run still alive is ended. Each one is reported on the console in one line. Does nothing
 * until a session opens, so it costs a run without Childproof processes one scan of the process table at start (and
 * a listing of the temporary directory) and one at the end.
 */
public final class SessionSweepListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeftoverSweep sweep = sweep();
        sweep.endEarlierRuns();
        sweep.removeEarlierRunDirectories(RunDirectory.temporaryDirectory());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        LauncherPool.instance().shutdown(); // idle launchers are the JVM's own helpers, not leftovers
        sweep().endThisRun(LaunchRegistry.instance(), Adoption.instance());
    }

    private static LeftoverSweep sweep() {
        return new LeftoverSweep(OperatingSystem.current(), RunCookie.current(), Containment.instance(),
                System.err::println);
    }
}
