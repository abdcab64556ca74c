package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A launch hands its program's move into a cgroup to the mover and goes on; what reads the cgroup while the program
 * runs waits for the move, and the cleanup of a program that ended first does not. The mover here holds every move
 * until the test lets it go, as a kernel waiting for an RCU grace period does; each containment is a run of its own
 * under a parent cgroup of this test's.
 */
@DisplayName("Cleanup: a launch does not wait for the move into its cgroup; what reads the cgroup does")
class CgroupMovesTests {

    private static final OperatingSystem OS = OperatingSystem.current();
    private static final Duration LONG = Duration.ofSeconds(30);

    private final List<Process> started = new ArrayList<>();
    private final HeldMoves held = new HeldMoves();
    private Optional<CgroupTree> parent;
    private Containment containment;

    @BeforeEach
    void makeARunOfItsOwn() {
        parent = TestCgroups.ofItsOwn();
        assumeTrue(parent.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        containment = new Containment(parent, Containment.PREFIX + "moves", new CgroupMoves(held));
    }

    @AfterEach
    void endTheRun() {
        held.release();
        started.forEach(Process::destroyForcibly);
        if (containment != null) {
            containment.endRun(OS);
            parent.get().remove();
        }
    }

    @Test
    void aReadOfTheCgroupWhileTheProgramRunsWaitsForItsMove() throws Exception {
        Process sleeper = launch("cookie.1", "sleep", "300");
        CompletableFuture<List<Long>> inside = new CompletableFuture<>();
        Thread reader = waiting(() -> inside.complete(containment.cgroupOf("cookie.1").orElseThrow().pids()));

        assertThat(inside).isNotDone();
        held.release();

        assertThat(inside.get(30, TimeUnit.SECONDS)).containsExactly(sleeper.pid());
        reader.join();
    }

    @Test
    void theCleanupOfAProgramThatEndedBeforeItsMoveNeitherWaitsNorFindsItInside() throws Exception {
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Process gone = new ProcessBuilder("true").start();
        started.add(gone);
        containment.moveIn("cookie.1", gone, procs);
        assertThat(gone.waitFor()).isZero();

        // the move is still held: cleanup reads the cgroup at once (it would wait 10 s for the move) and keeps it
        assertThat(CompletableFuture.supplyAsync(() -> containment.endAll(OS, "cookie.1")).get(5, TimeUnit.SECONDS))
                .isEmpty();
        assertThat(held.count()).isEqualTo(1);
        assertThat(containment.prepare("cookie.2")).contains(procs);

        held.release();
        assertThat(CgroupTree.at(procs.getParent()).isPopulated()).isFalse();
    }

    @Test
    void theCleanupOfAProgramStillRunningWaitsForItsMoveAndEndsItInside() throws Exception {
        Process sleeper = launch("cookie.1", "sleep", "300");
        CompletableFuture<List<Long>> ended = new CompletableFuture<>();
        Thread cleanup = waiting(() -> ended.complete(containment.endAll(OS, "cookie.1")));

        assertThat(ended).isNotDone();
        held.release();

        assertThat(ended.get(30, TimeUnit.SECONDS)).containsExactly(sleeper.pid());
        cleanup.join();
        assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sleeper.exitValue()).isEqualTo(137);
    }

    @Test
    void theMoverThreadMovesTheProgramInAndIsNamed() throws Exception {
        Containment onItsThread = new Containment(parent, Containment.PREFIX + "mover");
        try {
            Path procs = onItsThread.prepare("cookie.1").orElseThrow();
            Process sleeper = new ProcessBuilder("sleep", "300").start();
            started.add(sleeper);
            onItsThread.moveIn("cookie.1", sleeper, procs);

            assertThat(onItsThread.cgroupOf("cookie.1").orElseThrow().pids()).containsExactly(sleeper.pid());
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("childproof-cgroup-mover");
        } finally {
            onItsThread.endRun(OS);
        }
    }

    /** Runs an action on a thread of its own and returns once that thread waits (for the held move). */
    private static Thread waiting(Runnable action) {
        Thread thread = new Thread(action, "cgroup-reader");
        thread.start();
        await().atMost(LONG).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
        return thread;
    }

    private Process launch(String cookie, String... command) throws Exception {
        Path procs = containment.prepare(cookie).orElseThrow();
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        containment.moveIn(cookie, process, procs);
        return process;
    }

    /** A mover that holds every move until released, then runs them in order (and later ones at once). */
    private static final class HeldMoves implements Executor {
        private final ConcurrentLinkedQueue<Runnable> moves = new ConcurrentLinkedQueue<>();
        private volatile boolean released;

        @Override
        public synchronized void execute(Runnable move) {
            if (released) {
                move.run();
            } else {
                moves.add(move);
            }
        }

        synchronized int count() {
            return moves.size();
        }

        synchronized void release() {
            released = true;
            for (Runnable move; (move = moves.poll()) != null; ) {
                move.run();
            }
        }
    }
}
