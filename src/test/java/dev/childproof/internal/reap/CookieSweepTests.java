package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Cookie sweep: only processes created since the scope began are read, unless pids wrapped")
class CookieSweepTests {

    private static List<Long> pids(List<ProcessIdentity> found) {
        return found.stream().map(ProcessIdentity::pid).collect(Collectors.toList());
    }

    /**
     * The sweep never takes this JVM or one of its helpers (watchdog, launchers), which it knows by their real pids:
     * where one of those has a pid of the fake table (pids wrap on a long-running CI machine: CI once ran this JVM's
     * helper as pid 300), the table's process would be skipped, so the test cannot say what it means to.
     */
    @BeforeEach
    void noRealPidOfThisJvmIsAFakeOne() {
        Set<Long> real = new HashSet<>(HelperProcesses.pids());
        real.add(ProcessHandle.current().pid());
        assumeTrue(real.stream().noneMatch(pid -> pid >= 100 && pid <= 400), () -> "a real pid of this JVM's, "
                + real + ", is among the fake table's");
    }

    private static FakeProcessTable table() {
        FakeProcessTable table = new FakeProcessTable();
        table.put(100, 1, "older, ours").cookie("c1");
        table.put(205, 2, "newer, ours").cookie("c1");
        table.put(210, 3, "newer, someone else's").cookie("c2");
        table.put(300, 4, "newest, ours").cookie("c1");
        return table;
    }

    @Test
    void readsOnlyTheWindowOfPidsCreatedSinceTheReading() {
        FakeProcessTable table = table();
        table.lastCreatedPid(250);
        assertThat(pids(CookieSweep.find(table, "c1"::equals, 200))).containsExactly(205L);
    }

    @Test
    void readsEverythingWhenPidsWrappedSinceTheReading() {
        FakeProcessTable table = table();
        table.lastCreatedPid(150);
        assertThat(pids(CookieSweep.find(table, "c1"::equals, 200))).containsExactlyInAnyOrder(100L, 205L, 300L);
    }

    @Test
    void readsEverythingWithoutAReading() {
        FakeProcessTable table = table();
        table.lastCreatedPid(250);
        assertThat(pids(CookieSweep.find(table, "c1"::equals, -1))).containsExactlyInAnyOrder(100L, 205L, 300L);
        table.lastCreatedPid(-1);
        assertThat(pids(CookieSweep.find(table, "c1"::equals, 200))).containsExactlyInAnyOrder(100L, 205L, 300L);
    }

    @Test
    void readsNothingOfAPidKnownNotToMatch() {
        FakeProcessTable table = table();
        table.lastCreatedPid(350);
        assertThat(pids(CookieSweep.find(table, "c1"::equals, 200, pid -> pid == 300)))
                .containsExactly(205L);
    }

    @Test
    void listsNothingWhereNoEnvironmentCanBeRead() {
        FakeProcessTable table = table();
        table.readsNoEnvironments(); // macOS, Windows: every scope's end listed the whole table for nothing
        assertThat(CookieSweep.find(table, "c1"::equals, -1)).isEmpty();
        assertThat(CookieSweep.end(table, "c1"::equals, -1, pid -> false)).isEmpty();
        assertThat(table.listings()).isZero();
    }
}
