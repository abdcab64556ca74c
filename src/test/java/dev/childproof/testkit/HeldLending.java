package dev.childproof.testkit;

import dev.childproof.internal.os.OperatingSystem;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reserved descriptor lent, and held, by a thread of its own ({@code held-lending}) until {@link #close()}:
 * through {@link OperatingSystem#openSparingly}, whose first try fails here as it does in a JVM with no descriptor
 * left, so that the reserve is lent for the second. Linux only: elsewhere nothing is lent.
 */
public final class HeldLending implements AutoCloseable {

    private final CountDownLatch lent = new CountDownLatch(1);
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread lender;

    private HeldLending() {
        AtomicInteger tries = new AtomicInteger();
        lender = new Thread(() -> {
            try {
                OperatingSystem.current().openSparingly(() -> {
                    if (tries.incrementAndGet() == 1) {
                        throw new IOException("Too many open files"); // as without a descriptor: now the reserve's
                    }
                    lent.countDown();
                    return end.await(60, TimeUnit.SECONDS);
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "held-lending");
    }

    /** Starts the lending and returns once the descriptor is lent (30 s at most, else it fails). */
    public static HeldLending start() throws InterruptedException {
        HeldLending held = new HeldLending();
        held.lender.start();
        if (!held.lent.await(30, TimeUnit.SECONDS)) {
            held.close();
            throw new IllegalStateException("the descriptor was not lent within 30 s");
        }
        return held;
    }

    /** Ends the lending and waits for its thread (30 s at most). */
    @Override
    public void close() throws InterruptedException {
        end.countDown();
        lender.join(30_000);
    }
}
