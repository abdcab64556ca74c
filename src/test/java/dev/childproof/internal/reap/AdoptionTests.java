package dev.childproof.internal.reap;

import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which children of the JVM count as adopted at cleanup, on a process table in memory (Java 22+ on Linux). */
@DisplayName("Cleanup: what the subreaper takes for adopted")
class AdoptionTests {

    private static final long JVM = 4000;

    private final FakeProcessTable table = new FakeProcessTable();

    @Test
    void takesAChildWithoutTheRunsCookieOnlyIfItIsStillNotAwaitedAfterTwoMoreReadings() {
        Adoption adoption = subreaperOverTheTable();
        // the test's own setsid child: the JDK's reaper starts waiting for it only by the second reading
        table.put(101, 200, "sleep 0.3").parent(JVM).session(101);
        table.awaitedFrom(101, 2);
        // an orphan that cleared its environment, and one that kept this run's cookie
        table.put(102, 200, "sleep 300").parent(JVM).session(102);
        table.put(103, 200, "sleep 300").parent(JVM).session(103).cookie(RunCookie.current().next());

        assertThat(adoption.findAdopted(Set.of(), Set.of())).extracting(ProcessIdentity::pid)
                .containsExactlyInAnyOrder(102L, 103L);
        assertThat(adoption.recorded()).extracting(ProcessIdentity::pid).containsExactlyInAnyOrder(102L, 103L);
    }

    /**
     * A first launch that ended and was reaped before its start was read (an {@code sh -c} that backgrounds a daemon
     * and exits at once) has a start of -1: the watcher was started again at the next launch, a thread that never
     * ends, and that launch's start became the bound, so an orphan the first launch's tree left was no longer taken.
     */
    @Test
    void aFirstLaunchWhoseStartIsUnknownStartsOneWatcherAndTheNextLaunchDoesNotMoveTheBound() {
        Adoption adoption = subreaperOverTheTable();
        // the first launch's daemon (pid beyond any pid_max, so the watcher's look at the real table finds nothing)
        table.put(9_000_102L, 450, "sleep 300").parent(JVM).session(9_000_102L);
        long watchersBefore = watchers();

        adoption.enable(new ProcessIdentity(9_000_101L, -1)); // reaped before its stat was read
        adoption.enable(new ProcessIdentity(9_000_103L, 500));
        adoption.enable(new ProcessIdentity(9_000_104L, 600));

        try {
            assertThat(watchers() - watchersBefore).as("childproof-adoption-watch threads started").isEqualTo(1);
            assertThat(adoption.isAdopted(9_000_102L, Set.of(), Set.of(), Set::of))
                    .as("an orphan of the first launch, started before the second").isTrue();
        } finally {
            // its watcher looks at this table and reaps through the run's own InheritedZombies: it must not live on
            adoption.endWatching().ifPresent(watcher -> await().atMost(Duration.ofSeconds(10))
                    .until(() -> !watcher.isAlive()));
        }
    }

    /** An adoption layer of this JVM, a child subreaper (or the test is skipped), reading the fake table. */
    private Adoption subreaperOverTheTable() {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        Adoption adoption = new Adoption(table, PosixCalls.instance(), JVM);
        adoption.beforeFirstLaunch();
        assumeTrue(adoption.isSubreaper(), "this JVM could not become a child subreaper");
        table.put(JVM, 100, "java");
        return adoption;
    }

    private static long watchers() {
        List<Thread> all = List.copyOf(Thread.getAllStackTraces().keySet());
        return all.stream().filter(t -> t.getName().equals("childproof-adoption-watch")).count();
    }
}
