package dev.childproof.internal.output;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide threads that drain output streams and write their log files. Starting a thread costs a few hundred
 * microseconds on a small machine, twice per launch; a suite launches processes back to back, so a thread whose
 * job ended waits {@link #KEEP_ALIVE_SECONDS} for the next one before it ends. Owner: this class (one pool per JVM).
 * Threads are daemons, so they never hold the JVM open; while serving a stream a thread is named
 * {@code childproof-drain-<process>-out} or {@code -err}, while writing a log {@code childproof-log-<process>}
 * (until that log's queue is empty), while idle {@code childproof-drain-idle-<n>}. There is never a queue of jobs:
 * a job is handed to an idle thread or gets a new one, so draining never waits. Where no thread can be started (the
 * JVM is at its process or thread limit), {@link #drain} throws the JDK's {@code OutOfMemoryError} ("unable to
 * create native thread") and runs nothing: the caller decides what to do without the thread.
 */
final class DrainerThreads {

    /** How long an idle drainer waits for the next stream before it ends. */
    static final long KEEP_ALIVE_SECONDS = 2;

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final DrainerThreads SHARED = new DrainerThreads(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);

    private final ThreadPoolExecutor pool;

    /** A pool of its own (the JVM's is {@link #shared()}; tests make their own so no other test takes a thread). */
    DrainerThreads(long keepAlive, TimeUnit unit) {
        this(keepAlive, unit, task -> {
            Thread thread = new Thread(task, idleName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A pool of its own whose threads come from the given factory (tests pass one that fails as {@link Thread#start}
     * fails at a process limit).
     *
     * @param keepAlive how long an idle thread waits for the next job
     * @param unit the unit of {@code keepAlive}
     * @param threads makes each thread, named {@code childproof-drain-idle-<n>} and a daemon
     */
    DrainerThreads(long keepAlive, TimeUnit unit, ThreadFactory threads) {
        pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, keepAlive, unit, new SynchronousQueue<>(), threads);
    }

    /** The JVM's drainer threads. */
    static DrainerThreads shared() {
        return SHARED;
    }

    /**
     * Runs a drainer on a pooled thread, named {@code name} while it runs.
     *
     * @param name the thread's name while it drains
     * @param drainer what to run; it ends when its stream does
     * @throws OutOfMemoryError when no idle thread is there and none can be started; nothing runs then
     */
    void drain(String name, Runnable drainer) {
        pool.execute(new Named(name, drainer));
    }

    /**
     * A drainer under its name: a class, not a lambda, since this runs for every stream mostly before the JIT has
     * compiled it, and a capturing lambda is made through a chain of method handles there (BENCHMARKS.md).
     */
    private static final class Named implements Runnable {
        private final String name;
        private final Runnable drainer;

        Named(String name, Runnable drainer) {
            this.name = name;
            this.drainer = drainer;
        }

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            String idle = thread.getName();
            thread.setName(name);
            try {
                drainer.run();
            } finally {
                thread.setName(idle);
            }
        }
    }

    private static String idleName() {
        return "childproof-drain-idle-" + COUNT.incrementAndGet();
    }
}
