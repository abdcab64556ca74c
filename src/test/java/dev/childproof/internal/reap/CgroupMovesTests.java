package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
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
 * A launch hands its program's move into a cgroup to the mover and goes on; a look at the program's tree (a stop)
 * does not wait for the move either, and reads the process table while the move is pending; the cleanup of a program
 * still running has the move made first (itself, unless the mover has begun it), and the cleanup of a program that
 * ended first does not. Movers here hold every move until the test lets them go, or hold the write once begun, as a
 * kernel waiting for an RCU grace period does; each containment is a run of its own under a parent cgroup of this
 * test's.
 */
@DisplayName("Cleanup: neither a launch nor a stop waits for the move into a cgroup; the cleanup has it made first")
class CgroupMovesTests {

    private static final OperatingSystem OS = OperatingSystem.current();
    private static final Duration LONG = Duration.ofSeconds(30);

    private final List<Process> started = new ArrayList<>();
    private final List<Long> forks = new ArrayList<>();
    private final HeldMoves held = new HeldMoves();
    private final CountingWrite writes = new CountingWrite();
    private Optional<CgroupTree> parent;
    private Containment containment;
    /** The thread whose move {@link #launchWithItsWriteHeld} holds in its write. */
    private Thread moving;

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
        forks.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (containment != null) {
            containment.endRun(OS);
        }
        if (parent != null && parent.isPresent()) {
            parent.get().remove();
        }
    }

    @Test
    void aTreeTakenBeforeTheMoveReadsTheProcessTableAndMakesNoMove() throws Exception {
        Process shell = launchAShellThatForksWithItsMoveHeld();
        long sleep = forks.get(0);

        // the mover holds the move: the look goes on without it, and finds the fork in the process table
        ProcessTree tree = snapshot(shell, "cookie.1");
        assertThat(pids(tree)).containsExactly(shell.pid(), sleep);
        assertThat(containment.isMovePending("cookie.1")).isTrue();
        assertThat(writes.count).hasValue(0);

        held.release();
        assertThat(writes.count).hasValue(1);
        assertThat(containment.isMovePending("cookie.1")).isFalse();
        // the fork made before the move stays outside the cgroup; the tree taken before still holds it
        assertThat(containment.cgroupOf("cookie.1").orElseThrow().pids()).containsExactly(shell.pid());
        assertThat(pids(tree)).containsExactly(shell.pid(), sleep);
    }

    @Test
    void aLookWithTheTableFindsAForkMadeBeforeTheMoveLandedWhichALookAtTheCgroupMisses() throws Exception {
        Process shell = launchAShellThatForksWithItsMoveHeld();
        long sleep = forks.get(0);

        held.release();
        assertThat(containment.isMovePending("cookie.1")).isFalse();
        assertThat(containment.cgroupOf("cookie.1").orElseThrow().pids()).containsExactly(shell.pid());
        // the ladder's later looks (a stop request unheeded) and a kill take the tree so
        assertThat(pids(snapshot(shell, "cookie.1", true))).containsExactly(shell.pid(), sleep);
        // a stop's first look takes it from the cgroup alone once the move has landed
        assertThat(pids(snapshot(shell, "cookie.1"))).containsExactly(shell.pid());
    }

    @Test
    void aTreeTakenWhileTheMoveIsUnderWayDoesNotWaitForIt() throws Exception {
        Process sleeper = launchWithItsWriteHeld("cookie.1");

        // well within the longest wait of the cleanup's, which would end with the write still held
        assertThat(CompletableFuture.supplyAsync(() -> pids(snapshot(sleeper, "cookie.1"))))
                .succeedsWithin(Duration.ofSeconds(CgroupMoves.SETTLE_SECONDS / 2)).isEqualTo(List.of(sleeper.pid()));
        assertThat(containment.isMovePending("cookie.1")).isTrue();

        writes.open.countDown();
        moving.join();
        assertThat(containment.isMovePending("cookie.1")).isFalse();
        assertThat(containment.cgroupOf("cookie.1").orElseThrow().pids()).containsExactly(sleeper.pid());
    }

    @Test
    void theCleanupOfAProgramStillRunningWaitsForAMoveTheMoverHasBegun() throws Exception {
        Process sleeper = launchWithItsWriteHeld("cookie.1");

        CompletableFuture<List<Long>> ended = new CompletableFuture<>();
        Thread cleanup = waiting(() -> ended.complete(containment.endAll(OS, "cookie.1")));
        assertThat(ended).isNotDone();
        writes.open.countDown();

        assertThat(ended.get(30, TimeUnit.SECONDS)).containsExactly(sleeper.pid());
        cleanup.join();
        moving.join();
        assertThat(writes.count).hasValue(1);
        assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
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

    /**
     * Launches {@code sh -c 'sleep 300 & wait'} under cookie {@code cookie.1}, its move held by {@link #held}; returns
     * it once it has forked, the fork's pid first in {@link #forks} (outside every cgroup of the test's: ended by pid).
     */
    private Process launchAShellThatForksWithItsMoveHeld() throws Exception {
        containment = containment(held, writes);
        Process shell = launch("cookie.1", "sh", "-c", "sleep 300 & wait");
        await().atMost(LONG).until(() -> !OS.descendantsOf(shell.pid()).isEmpty());
        forks.add(OS.descendantsOf(shell.pid()).get(0));
        return shell;
    }

    /**
     * Launches {@code sleep 300} whose move begins at once, on the thread {@link #moving}, and waits in its write
     * until {@code writes.open} opens, as a write waiting for the kernel's lock does; returns once the write began.
     */
    private Process launchWithItsWriteHeld(String cookie) throws Exception {
        writes.open = new CountDownLatch(1);
        containment = containment(Runnable::run, writes);
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        started.add(sleeper);
        Path procs = containment.prepare(cookie).orElseThrow();
        moving = new Thread(() -> containment.moveIn(cookie, sleeper, procs), "launch");
        moving.start();
        await().atMost(LONG).until(() -> writes.count.get() == 1);
        return sleeper;
    }

    private ProcessTree snapshot(Process process, String cookie) {
        return snapshot(process, cookie, false);
    }

    private ProcessTree snapshot(Process process, String cookie, boolean withTable) {
        return ProcessTree.snapshot(OS, ProcessIdentity.of(OS, process.pid()).orElseThrow(), Optional.of(cookie),
                containment, withTable);
    }

    private static List<Long> pids(ProcessTree tree) {
        return tree.members().stream().map(ProcessIdentity::pid).toList();
    }

    private Containment containment(Executor mover, CgroupMoves.Write write) {
        return new Containment(parent, Containment.PREFIX + "moves", new CgroupMoves(mover, write));
    }

    /** Runs an action on a thread of its own and returns once that thread waits (for the move begun). */
    private static Thread waiting(Runnable action) {
        Thread thread = new Thread(action, "cleanup");
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
