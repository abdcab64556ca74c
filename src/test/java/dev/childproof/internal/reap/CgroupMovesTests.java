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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A launch hands its program's move into a cgroup to the mover and goes on; what reads the cgroup while the program
 * runs has the move made first (itself, unless the mover has begun it), and the cleanup of a program that ended first
 * does not. Movers here hold every move until the test lets them go, or hold the write once begun, as a kernel
 * waiting for an RCU grace period does; each containment is a run of its own under a parent cgroup of this test's.
 */
@DisplayName("Cleanup: a launch does not wait for the move into its cgroup; what reads the cgroup has it made first")
class CgroupMovesTests {

    private static final OperatingSystem OS = OperatingSystem.current();
    private static final Duration LONG = Duration.ofSeconds(30);

    private final List<Process> started = new ArrayList<>();
    private final HeldMoves held = new HeldMoves();
    private final CountingWrite writes = new CountingWrite();
    private Optional<CgroupTree> parent;
    private Containment containment;

    @BeforeEach
    void makeARunOfItsOwn() {
        parent = TestCgroups.ofItsOwn();
        assumeTrue(parent.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
    }

    @AfterEach
    void endTheRun() {
        held.release();
        writes.open.countDown();
        started.forEach(Process::destroyForcibly);
        if (containment != null) {
            containment.endRun(OS);
        }
        if (parent != null && parent.isPresent()) {
            parent.get().remove();
        }
    }

    @Test
    void aReadOfTheCgroupWhileTheProgramRunsMakesAMoveTheMoverHasNotBegun() throws Exception {
        containment = containment(held, writes);
        Process sleeper = launch("cookie.1", "sleep", "300");

        // the mover holds the move: the read makes it on its own thread, and the mover's turn then does nothing
        assertThat(containment.cgroupOf("cookie.1").orElseThrow().pids()).containsExactly(sleeper.pid());
        held.release();
        assertThat(writes.count).hasValue(1);
    }

    @Test
    void aReadOfTheCgroupWhileTheProgramRunsWaitsForAMoveTheMoverHasBegun() throws Exception {
        writes.open = new CountDownLatch(1);
        containment = containment(Runnable::run, writes); // the move begins at once, then its write waits
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        started.add(sleeper);
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Thread launch = new Thread(() -> containment.moveIn("cookie.1", sleeper, procs), "launch");
        launch.start();
        await().atMost(LONG).until(() -> writes.count.get() == 1);

        CompletableFuture<List<Long>> inside = new CompletableFuture<>();
        Thread reader = waiting(() -> inside.complete(containment.cgroupOf("cookie.1").orElseThrow().pids()));
        assertThat(inside).isNotDone();
        writes.open.countDown();

        assertThat(inside.get(30, TimeUnit.SECONDS)).containsExactly(sleeper.pid());
        reader.join();
        launch.join();
        assertThat(writes.count).hasValue(1);
    }

    @Test
    void theCleanupOfAProgramThatEndedBeforeItsMoveNeitherWaitsNorMovesIt() throws Exception {
        containment = containment(held, writes);
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Process gone = new ProcessBuilder("true").start();
        started.add(gone);
        containment.moveIn("cookie.1", gone, procs);
        assertThat(gone.waitFor()).isZero();

        // the move is still held: cleanup reads the cgroup at once and keeps it for the next launch
        assertThat(containment.endAll(OS, "cookie.1")).isEmpty();
        assertThat(containment.prepare("cookie.2")).contains(procs);
        held.release();
        assertThat(writes.count).hasValue(0);
    }

    @Test
    void theCleanupOfAProgramStillRunningHasItMovedAndEndsItInside() throws Exception {
        containment = containment(held, writes);
        Process sleeper = launch("cookie.1", "sleep", "300");

        assertThat(containment.endAll(OS, "cookie.1")).containsExactly(sleeper.pid());
        assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sleeper.exitValue()).isEqualTo(137);
    }

    @Test
    void theMoverThreadMovesTheProgramInAndIsNamed() throws Exception {
        List<String> movedOn = new CopyOnWriteArrayList<>();
        containment = containment(CgroupMoves.moverThread(), (pid, procs) -> {
            movedOn.add(Thread.currentThread().getName());
            Containment.join(pid, procs);
        });
        Path procs = containment.prepare("cookie.1").orElseThrow();
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        started.add(sleeper);
        containment.moveIn("cookie.1", sleeper, procs);

        await().atMost(LONG).until(() -> CgroupTree.at(procs.getParent()).pids().contains(sleeper.pid()));
        assertThat(movedOn).containsExactly("childproof-cgroup-mover");
    }

    private Containment containment(Executor mover, CgroupMoves.Write write) {
        return new Containment(parent, Containment.PREFIX + "moves", new CgroupMoves(mover, write));
    }

    /** Runs an action on a thread of its own and returns once that thread waits (for the move begun). */
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
        private boolean released;

        @Override
        public synchronized void execute(Runnable move) {
            if (released) {
                move.run();
            } else {
                moves.add(move);
            }
        }

        synchronized void release() {
            released = true;
            for (Runnable move; (move = moves.poll()) != null; ) {
                move.run();
            }
        }
    }

    /** The real write, counted, and held until {@link #open} opens (open at once unless a test replaces it). */
    private static final class CountingWrite implements CgroupMoves.Write {
        final AtomicInteger count = new AtomicInteger();
        volatile CountDownLatch open = new CountDownLatch(0);

        @Override
        public void write(long pid, Path procs) {
            count.incrementAndGet();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Containment.join(pid, procs);
        }
    }
}
