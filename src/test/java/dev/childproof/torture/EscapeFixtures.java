package dev.childproof.torture;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;

/** Tests that pass, fail, throw and are cut by {@code @Timeout}, each with double-forked escapees attached. */
final class EscapeFixtures {

    private EscapeFixtures() {
    }

    /**
     * The four endings of a test, each with the two launchers of a subclass: one ignores SIGTERM and lives on, one
     * exits at once, both after double-forking an escapee.
     */
    abstract static class EscapeesTestCase {
        /** The stubborn launcher and the one gone at once. */
        abstract ChildProcess[] launchers();

        @Test
        void passes() {
            Escapees.record(launchers());
        }

        @Test
        void fails() {
            Escapees.record(launchers());
            throw new AssertionError("fails on purpose");
        }

        @Test
        void throwsAnException() {
            Escapees.record(launchers());
            throw new IllegalStateException("throws on purpose");
        }

        @Test
        @Timeout(2)
        void isCutByTimeout() throws InterruptedException {
            Escapees.record(launchers());
            new CountDownLatch(1).await();
        }
    }

    /** Escapees that keep the cookie. */
    static class WithCookieTestCase extends EscapeesTestCase {
        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; " + Escapees.ESCAPE + "exec sleep 300"},
                stopTimeout = "100ms", killTimeout = "200ms")
        ChildProcess stubbornLauncher;

        @SpawnedProcess(command = {"sh", "-c", Escapees.ESCAPE + "exit 0"})
        ChildProcess goneLauncher;

        @Override
        ChildProcess[] launchers() {
            return new ChildProcess[] {stubbornLauncher, goneLauncher};
        }
    }

    /** Escapees that cleared their environment ({@code setsid env -i}): caught by the cgroup layer. */
    static class EnvClearedTestCase extends EscapeesTestCase {
        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; " + Escapees.ESCAPE_ENV_CLEARED + "exec sleep 300"},
                stopTimeout = "100ms", killTimeout = "200ms")
        ChildProcess stubbornLauncher;

        @SpawnedProcess(command = {"sh", "-c", Escapees.ESCAPE_ENV_CLEARED + "exit 0"})
        ChildProcess goneLauncher;

        @Override
        ChildProcess[] launchers() {
            return new ChildProcess[] {stubbornLauncher, goneLauncher};
        }
    }
}
