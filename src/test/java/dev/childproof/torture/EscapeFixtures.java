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

    /** Escapees that keep the cookie: one launcher ignores SIGTERM and lives on, one exits at once. */
    static class WithCookieTestCase {
        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; " + Escapees.ESCAPE + "exec sleep 300"},
                stopTimeout = "100ms", killTimeout = "200ms")
        ChildProcess stubbornLauncher;

        @SpawnedProcess(command = {"sh", "-c", Escapees.ESCAPE + "exit 0"})
        ChildProcess goneLauncher;

        @Test
        void passes() {
            Escapees.record(stubbornLauncher, goneLauncher);
        }

        @Test
        void fails() {
            Escapees.record(stubbornLauncher, goneLauncher);
            throw new AssertionError("fails on purpose");
        }

        @Test
        void throwsAnException() {
            Escapees.record(stubbornLauncher, goneLauncher);
            throw new IllegalStateException("throws on purpose");
        }

        @Test
        @Timeout(2)
        void isCutByTimeout() throws InterruptedException {
            Escapees.record(stubbornLauncher, goneLauncher);
            new CountDownLatch(1).await();
        }
    }

    /** Escapees that cleared their environment ({@code setsid env -i}): caught by the cgroup layer. */
    static class EnvClearedTestCase {
        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; " + Escapees.ESCAPE_ENV_CLEARED + "exec sleep 300"},
                stopTimeout = "100ms", killTimeout = "200ms")
        ChildProcess stubbornLauncher;

        @SpawnedProcess(command = {"sh", "-c", Escapees.ESCAPE_ENV_CLEARED + "exit 0"})
        ChildProcess goneLauncher;

        @Test
        void passes() {
            Escapees.record(stubbornLauncher, goneLauncher);
        }

        @Test
        void fails() {
            Escapees.record(stubbornLauncher, goneLauncher);
            throw new AssertionError("fails on purpose");
        }

        @Test
        void throwsAnException() {
            Escapees.record(stubbornLauncher, goneLauncher);
            throw new IllegalStateException("throws on purpose");
        }

        @Test
        @Timeout(2)
        void isCutByTimeout() throws InterruptedException {
            Escapees.record(stubbornLauncher, goneLauncher);
            new CountDownLatch(1).await();
        }
    }
}
