package dev.childproof.internal.reap;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves launched programs into their cgroups on a thread of its own, so that a launch does not wait for the move.
 * On a cgroup2 mount without {@code favordynmods} the first move after a quiet spell waits for an RCU grace period
 * (10 to 14 ms on the VM this project is tested on) before the kernel even looks the process up; the program runs
 * meanwhile wherever it was born, whoever waits. So the wait costs the program nothing when it is taken off the
 * launching thread: the program is moved at the same moment as before, and the test goes on at once. A short-lived
 * program (a CLI's {@code --version}) may even end before the move: a move of a process that has ended moves nothing,
 * so its cleanup need not wait for it.
 *
 * <p>A stop does not wait for the move either: a tree taken while the move is still to be made
 * ({@link #isPending}) is read from the process table as well, as where the layer is off (what the program forked
 * before its move is outside the cgroup however soon the move is made, and what it forks later the next look finds).
 * When the stop made the move first, on 2 cores, some 30 % of a 500-test suite's stops made it themselves or waited
 * for the mover's, 140 to 170 ms of the two workers' time in a suite of some 1,000 ms (0.7 ms a move made by a stop
 * and 7 ms a wait on average, where a move the kernel does not hold up takes 0.03 to 0.05 ms: BENCHMARKS.md,
 * thirtieth and twenty-third sessions). The cleanup of a program still running has the move made
 * first ({@link #settle}), so that the cgroup it ends holds it: on its own thread when the mover has not begun it,
 * else by waiting for the one begun.
 *
 * <p>Thread: {@code childproof-cgroup-mover}, a daemon owned by this class (one per {@link Containment}); it serves
 * the moves in launch order and ends after {@link #KEEP_ALIVE_SECONDS} without one (the next launch starts another).
 * Where no thread can be had (a process or thread limit), the move is made on the launching thread, as before.
 */
final class CgroupMoves {

    /** How long the mover waits for the next move before it ends. */
    static final long KEEP_ALIVE_SECONDS = 2;
    /** The longest {@link #settle} waits: far more than a grace period, and a bound should the kernel not answer. */
    static final long SETTLE_SECONDS = 10;

    /** The move of each launch whose move is not done yet, by its cookie. */
    private final Map<String, Move> pending = new ConcurrentHashMap<>();
    private final Executor mover;
    private final Write write;

    /** Moves on a {@code childproof-cgroup-mover} thread. */
    CgroupMoves() {
        this(moverThread(), Containment::join);
    }

    /**
     * Moves on the given executor, with the given write (tests hold moves back, or hold a write once begun).
     *
     * @param mover what runs the moves, in launch order
     * @param write the move itself: the pid written to the {@code cgroup.procs} file
     */
    CgroupMoves(Executor mover, Write write) {
        this.mover = mover;
        this.write = write;
    }

    /** The write that moves a process into a cgroup. */
    @FunctionalInterface
    interface Write {
        /** Moves a process into the cgroup whose {@code cgroup.procs} file is given; a gone process is ignored. */
        void write(long pid, Path procs);
    }

    /** A {@code childproof-cgroup-mover} thread, a daemon that ends after {@link #KEEP_ALIVE_SECONDS} idle. */
    static Executor moverThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "childproof-cgroup-mover");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Has a program that was just launched moved into its cgroup, on the mover's thread; returns at once.
     *
     * @param cookie the launch's cookie
     * @param process the program, as the JDK returned it
     * @param procs the {@code cgroup.procs} file of its cgroup
     */
    void moveLater(String cookie, Process process, Path procs) {
        Move move = new Move(cookie, process, procs);
        pending.put(cookie, move);
        try {
            mover.execute(move);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            move.run(); // no thread to be had ("unable to create native thread"): moved here, as before
        }
    }

    /**
     * Whether the move of a launch is still to be made or under way: its process may not be inside yet, and what it
     * forked until then is not.
     */
    boolean isPending(String cookie) {
        return pending.containsKey(cookie);
    }

    /**
     * Returns once the cgroup of a launch holds what it will hold: at once when no move is pending or its process has
     * ended (a move made now would find nothing to move, and one made already left what the process forked in the
     * cgroup, where a read sees it); else after making the move on this thread, when the mover has not begun it, or
     * waiting for the mover to finish it, {@link #SETTLE_SECONDS} at the latest. An interrupt ends the wait early and
     * stays set.
     */
    void settle(String cookie) {
        Move move = pending.get(cookie);
        if (move == null || !move.process.isAlive() || move.makeUnlessBegun()) {
            return;
        }
        try {
            move.done.await(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One move: a class, not a lambda, since it runs for every launch mostly before the JIT has compiled it
     * (BENCHMARKS.md).
     */
    private final class Move implements Runnable {
        private final String cookie;
        private final Process process;
        private final Path procs;
        private final AtomicBoolean begun = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);

        Move(String cookie, Process process, Path procs) {
            this.cookie = cookie;
            this.process = process;
            this.procs = procs;
        }

        @Override
        public void run() {
            makeUnlessBegun();
        }

        /** Makes the move unless another thread began it; returns whether it was begun and ended here. */
        boolean makeUnlessBegun() {
            if (!begun.compareAndSet(false, true)) {
                return false;
            }
            try {
                // the JDK reaps its children at once: a process it reports ended has no pid of its own any more
                if (process.isAlive()) {
                    write.write(process.pid(), procs);
                }
            } finally {
                done.countDown();
                pending.remove(cookie, this);
            }
            return true;
        }
    }
}
