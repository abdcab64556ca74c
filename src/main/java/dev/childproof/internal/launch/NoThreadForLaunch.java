package dev.childproof.internal.launch;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.CookieSweep;

/**
 * A direct launch whose {@code ProcessBuilder.start()} threw {@code OutOfMemoryError}. Right after the fork the JDK
 * starts a {@code process reaper} thread for the child, and where the JVM is at its process or thread limit that
 * thread cannot be started ("unable to create native thread"): the program then runs, but no handle of it is
 * returned. It is found by its cookie (and its cgroup, where it joined one) and killed at once, on the launching
 * thread, instead of at the run's end. The JDK never reaps it (no thread of it waits for that pid), so its zombie
 * stays until the JVM exits; reaping it elsewhere would free a pid the JDK still takes for that child. Only a
 * failing launch comes here.
 */
final class NoThreadForLaunch {

    private NoThreadForLaunch() {
    }

    /**
     * Kills what the failed launch may have left running.
     *
     * @param what the launch, as a failure message names it ({@code field [x] could not be launched (sleep 30)})
     * @param cookie the launch's cookie
     * @param cgroup whether a cgroup was prepared for the launch
     * @param cause what {@code start()} threw
     * @return the failure to throw: one sentence when no thread could be started
     * @throws OutOfMemoryError {@code cause}, when it is not about a thread (the heap is full)
     */
    static IllegalStateException end(String what, String cookie, boolean cgroup, OutOfMemoryError cause) {
        OperatingSystem os = OperatingSystem.current();
        try {
            if (cgroup) {
                Containment.instance().endAll(os, cookie);
            }
            CookieSweep.end(os, cookie::equals, -1, pid -> false);
        } catch (RuntimeException | Error e) {
            cause.addSuppressed(e);
        }
        String reason = cause.getMessage();
        if (reason == null || !reason.contains("native thread")) {
            throw cause;
        }
        return new IllegalStateException(what + ": no thread could be started for it (the JVM is at its process or"
                + " thread limit), so what it forked was killed; " + LaunchFailureHint.PROCESS_LIMIT_ADVICE + ".",
                cause);
    }
}
