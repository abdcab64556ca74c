package dev.childproof.internal.reap;

import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which children of the JVM count as adopted at cleanup, on a process table in memory (Java 22+ on Linux). */
@DisplayName("Cleanup: what the subreaper takes for adopted")
class AdoptionTests {

    private static final long JVM = 4000;

    private final FakeProcessTable table = new FakeProcessTable();

    @Test
    void takesAChildWithoutTheRunsCookieOnlyIfItIsStillNotAwaitedAfterTwoMoreReadings() {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        Adoption adoption = new Adoption(table, PosixCalls.instance(), JVM);
        adoption.beforeFirstLaunch();
        assumeTrue(adoption.isSubreaper(), "this JVM could not become a child subreaper");
        table.put(JVM, 100, "java");
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
}
