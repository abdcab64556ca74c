package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Leak checks: a child Childproof is still spawning is looked at again once the spawn is done")
@Isolated("counts spawns in flight JVM-wide")
class SpawnsInFlightTests {

    private Process child;

    @AfterEach
    void end() throws InterruptedException {
        HelperProcesses.launcherTaken(child.pid());
        child.destroyForcibly().waitFor();
    }

    /** Looks for strangers on a thread of its own while a spawn is in flight; the spawn ends as {@code ending}. */
    private List<ProcessIdentity> lookWhileSpawning(Runnable ending) throws Exception {
        AtomicReference<List<ProcessIdentity>> found = new AtomicReference<>();
        SpawnsInFlight.begin();
        Thread look;
        try {
            child = new ProcessBuilder("sleep", "60").start();
            look = new Thread(() -> found.set(new JvmChildren(OperatingSystem.current(),
                    ProcessHandle.current().pid()).notOurs()), "look");
            look.start();
            // the look found the child a stranger and waits for the spawn (its only timed wait)
            await().atMost(Duration.ofSeconds(30)).until(() -> look.getState() == Thread.State.TIMED_WAITING);
            ending.run();
        } finally {
            SpawnsInFlight.end();
        }
        look.join();
        return found.get();
    }

    @Test
    void aChildKnownOnceItsSpawnIsDoneIsNotAStranger() throws Exception {
        List<ProcessIdentity> strangers = lookWhileSpawning(() -> HelperProcesses.idleLauncher(child.pid()));
        assertThat(strangers).noneMatch(id -> id.pid() == child.pid());
    }

    @Test
    void aChildStillUnknownWhenTheSpawnsAreDoneIsAStranger() throws Exception {
        List<ProcessIdentity> strangers = lookWhileSpawning(() -> { });
        assertThat(strangers).anyMatch(id -> id.pid() == child.pid());
    }
}
