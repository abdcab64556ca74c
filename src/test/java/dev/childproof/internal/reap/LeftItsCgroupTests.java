package dev.childproof.internal.reap;

import dev.childproof.ChildProcess;
import dev.childproof.Childproof;
import dev.childproof.ProcessSpawner;
import dev.childproof.StopRung;
import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A descendant outside its process's cgroup, still under the process: what a program forks before its move into the
 * cgroup lands, or a fork that moved itself elsewhere (as root can, or {@code systemd-run --scope}). A stop's first
 * look reads the cgroup alone once the move has landed; when the request goes unheeded, the ladder's next look walks
 * the process table too, so its SIGTERM reaches such a fork while the process lives. Here the fork moves itself into
 * a cgroup of the test's own: the fork made before the move lands cannot be timed from outside
 * ({@link CgroupMovesTests} holds the move for that).
 */
@DisplayName("Cleanup: the ladder's SIGTERM reaches a descendant outside the process's cgroup")
class LeftItsCgroupTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void aForkThatLeftTheCgroupOfAProcessThatIgnoresItsStopRequestIsEndedByTheLaddersSigterm() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        Optional<CgroupTree> elsewhere = TestCgroups.ofItsOwn();
        assumeTrue(elsewhere.isPresent(), "no cgroup of the test's own could be made");
        IgnoresItsStopTestCase.elsewhere = elsewhere.get();
        IgnoresItsStopTestCase.fork.set(null);
        try {
            ChildproofTestKit.executeTestClass(IgnoresItsStopTestCase.class).hasTests(1, 0);

            assertThat(IgnoresItsStopTestCase.forkAliveAfterStop).as("the fork alive when stop() returned").isFalse();
            assertThat(IgnoresItsStopTestCase.endedBy).as("the rung that ended the process").contains(StopRung.SIGTERM);
        } finally {
            Optional.ofNullable(IgnoresItsStopTestCase.fork.get()).ifPresent(id -> id.signal(OS, "KILL"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !elsewhere.get().isPopulated());
            elsewhere.get().remove();
        }
    }

    @Childproof
    static class IgnoresItsStopTestCase {
        static CgroupTree elsewhere;
        static final AtomicReference<ProcessIdentity> fork = new AtomicReference<>();
        static volatile boolean forkAliveAfterStop;
        static volatile Optional<StopRung> endedBy;

        @Test
        void stopped(ProcessSpawner spawner) {
            // the fork writes itself into the other cgroup, then sleeps; the shell then ignores SIGTERM, its stop
            // request (the fork, made before, does not), and waits for the fork
            ChildProcess shell = spawner.command("sh", "-c", "sh -c 'echo $$ > \"$1\" && exec sleep 300' fork \"$1\" &"
                    + " trap '' TERM; echo \"forked $!\"; wait",
                    "shell", elsewhere.procsFile().toString())
                    .stopTimeout(Duration.ofMillis(200)).killTimeout(Duration.ofSeconds(10)).spawn();
            long pid = Long.parseLong(shell.output().awaitLine("^forked \\d+$", Duration.ofSeconds(30))
                    .substring("forked ".length()));
            fork.set(ProcessIdentity.of(OS, pid).orElseThrow());
            await().atMost(Duration.ofSeconds(30)).until(() -> elsewhere.pids().contains(pid));

            shell.stop();

            forkAliveAfterStop = fork.get().isAlive(OS);
            endedBy = shell.endedBy();
        }
    }
}
