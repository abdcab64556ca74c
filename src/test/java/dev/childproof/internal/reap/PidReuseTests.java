package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Cleanup: a reused pid is never signalled")
class PidReuseTests {

    private static final String OURS = RunCookie.current().next();
    private static final String EARLIER_RUN = "cp1.0123456789abcdef0123456789abcdef.4000.1";

    private final FakeProcessTable table = new FakeProcessTable();

    @Test
    void signalsTheRecordedProcessWhileItIsStillTheSame() {
        table.put(100, 5000, "sleep 300").cookie(OURS);
        ProcessIdentity recorded = ProcessIdentity.of(table, 100).orElseThrow();

        assertThat(recorded.signal(table, "TERM")).isTrue();
        assertThat(table.sent()).containsExactly("TERM 100");
    }

    @Test
    void leavesAProcessAloneWhosePidWasReused() {
        table.put(100, 5000, "sleep 300").cookie(OURS);
        table.put(101, 5001, "sleep 300").cookie(OURS);
        ProcessTree tree = ProcessTree.of(table, List.of(ProcessIdentity.of(table, 100).orElseThrow(),
                ProcessIdentity.of(table, 101).orElseThrow()));
        table.put(100, 9000, "postgres");

        tree.kill();

        assertThat(table.sent()).containsExactly("KILL 101");
        assertThat(table.isGone(100)).isFalse();
        assertThat(tree.alive()).isEmpty();
    }

    @Test
    void aProcessThatCannotBeReadIsNeitherSignalledNorTakenForGone() {
        table.put(100, 5000, "sleep 300").cookie(OURS);
        ProcessTree tree = ProcessTree.of(table, List.of(ProcessIdentity.of(table, 100).orElseThrow()));
        table.unreadable(100, true); // its pid may name another process by now: nothing tells

        tree.kill();

        assertThat(table.sent()).as("no signal unchecked").isEmpty();
        assertThat(tree.alive()).as("not known to have ended").containsExactly(new ProcessIdentity(100, 5000));
        assertThat(tree.awaitGone(Duration.ofMillis(50))).as("a wait for it goes on").isFalse();

        table.unreadable(100, false);
        tree.kill();

        assertThat(table.sent()).containsExactly("KILL 100");
        assertThat(tree.alive()).isEmpty();
    }

    @Test
    void theCookieSweepNeverSignalsAProcessWithoutThisRunsCookie() {
        table.put(200, 10, "no cookie at all");
        table.put(201, 11, "another run's daemon").cookie(EARLIER_RUN);
        table.put(202, 12, "our escaped daemon").cookie(OURS);

        List<ProcessIdentity> ended = CookieSweep.endAll(table, RunCookie.current());

        assertThat(ended).containsExactly(new ProcessIdentity(202, 12));
        assertThat(table.sent()).containsExactly("KILL 202");
    }

    @Test
    void endsLeftoversOfAnEarlierRunOnlyWhenItsTestJvmIsGone() {
        table.put(300, 50, "sleep 300").cookie("cp1.0123456789abcdef0123456789abcdef.4000.1");
        table.put(4000, 70, "java -jar something-else.jar");
        table.put(301, 50, "sleep 300").cookie("cp1.0123456789abcdef0123456789abcdef.4001.1");
        table.put(302, 80, "sleep 300").cookie("cp1.fedcba9876543210fedcba9876543210.4002.1");
        table.put(4002, 60, "java surefirebooter.jar");
        List<String> report = new ArrayList<>();

        List<ProcessIdentity> ended = new LeftoverSweep(table, RunCookie.current(), Containment.off(), report::add)
                .endEarlierRuns();

        assertThat(ended).containsExactlyInAnyOrder(new ProcessIdentity(300, 50), new ProcessIdentity(301, 50));
        assertThat(report).containsExactlyInAnyOrder(
                "childproof: ended pid 300 (sleep 300), left by an earlier test run whose JVM (pid 4000) is gone",
                "childproof: ended pid 301 (sleep 300), left by an earlier test run whose JVM (pid 4001) is gone");
        assertThat(table.isGone(302)).as("the leftover of a test JVM that still runs").isFalse();
    }
}
