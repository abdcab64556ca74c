package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Pid window: from a scope's first launch, trusted for a second, then its sweep reads every process")
class PidWindowTests {

    private static final long OPENED = 5_000_000_000L;

    @Test
    void aYoungScopesReadingIsItsSweepsStart() {
        PidWindow window = new PidWindow(200, OPENED);
        assertThat(window.createdAfter(OPENED)).isEqualTo(200);
        assertThat(window.createdAfter(OPENED + PidWindow.TRUSTED_FOR.toNanos() - 1)).isEqualTo(200);
    }

    @Test
    void aScopeOlderThanASecondReadsEveryProcess() {
        PidWindow window = new PidWindow(200, OPENED);
        assertThat(window.createdAfter(OPENED + PidWindow.TRUSTED_FOR.toNanos())).isEqualTo(-1);
    }

    @Test
    void withoutAReadingEveryProcessIsRead() {
        assertThat(new PidWindow(-1, OPENED).createdAfter(OPENED)).isEqualTo(-1);
    }

    @Test
    void aSpawnedProcessesWindowStartsAtItsOwnPid() {
        long before = System.nanoTime();
        assertThat(PidWindow.from(500).createdAfter(before)).isEqualTo(499);
    }

    @Test
    void aReapedProcessLeavesTheWindowThatStartsAtItsPid() {
        PidWindow window = new PidWindow(499, OPENED);
        assertThat(window.pastReaped(500).createdAfter(OPENED)).isEqualTo(500);
        assertThat(window.pastReaped(501)).as("not the window's own pid").isSameAs(window);
        assertThat(new PidWindow(-1, OPENED).pastReaped(0)).as("no reading").extracting(w -> w.createdAfter(OPENED))
                .isEqualTo(-1L);
    }

    @Test
    void ofTwoLaunchesTheWindowTakenFirstCountsEvenWhenPidsWrappedBetween() {
        PidWindow first = new PidWindow(32_000, OPENED);
        PidWindow afterTheWrap = new PidWindow(300, OPENED + 1);

        assertThat(first.earlier(afterTheWrap)).isSameAs(first);
        assertThat(afterTheWrap.earlier(first)).isSameAs(first);
    }

    @Test
    void aProcessCreatedAfterPidsWrappedAllTheWayRoundIsFoundOnceTheReadingIsNoLongerTrusted() {
        FakeProcessTable table = new FakeProcessTable();
        table.put(150, 1, "forked after the pids wrapped all the way round").cookie("c1");
        table.put(250, 2, "forked last").cookie("c1");
        table.lastCreatedPid(260); // above the reading again: a full wrap does not show
        PidWindow window = new PidWindow(200, OPENED);

        assertThat(CookieSweep.find(table, "c1"::equals, window.createdAfter(OPENED + 1))
                .stream().map(ProcessIdentity::pid).collect(Collectors.toList()))
                .as("within the second: the window's limit").containsExactly(250L);
        assertThat(CookieSweep.find(table, "c1"::equals, window.createdAfter(OPENED + 2_000_000_000L))
                .stream().map(ProcessIdentity::pid).collect(Collectors.toList()))
                .containsExactlyInAnyOrder(150L, 250L);
    }
}
