package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Cgroups a test makes for itself next to this JVM's run cgroup. Each is a new directory no other test shares: its
 * name carries a count of this JVM's as well as the clock, since tests that start at once on other threads can read
 * the same {@code System.nanoTime()} (two threads reading it at once here often returned equal values), and it is
 * made by one {@code mkdir}, which fails rather than hand over a directory another test made. Two tests that shared
 * one each ended and removed the other's cgroups in their cleanup.
 */
final class TestCgroups {

    private static final AtomicLong MADE = new AtomicLong();

    private TestCgroups() {
    }

    /** A new cgroup of the calling test's own, or empty where no cgroup2 hierarchy is writable. */
    static Optional<CgroupTree> ofItsOwn() {
        return ofItsOwn(System::nanoTime);
    }

    static Optional<CgroupTree> ofItsOwn(LongSupplier nanoTime) {
        return Containment.instance().parent()
                .flatMap(p -> p.newChild("childproof-test-" + ProcessHandle.current().pid() + "-"
                        + nanoTime.getAsLong() + "-" + MADE.incrementAndGet()))
                .filter(made -> Files.isWritable(made.procsFile()));
    }
}
