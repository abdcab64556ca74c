package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.stop.StopLadder;
import dev.childproof.testkit.FakeProcessTable;
import dev.childproof.testkit.ForwardingOperatingSystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Cleanup: the tree of a process whose exit was reported")
class ProcessTreeTests {

    private final FakeProcessTable table = new FakeProcessTable();
    private final List<Long> looked = new CopyOnWriteArrayList<>();
    private final ForwardingOperatingSystem os = new ForwardingOperatingSystem(table) {
        @Override
        public boolean hasEnded(long pid, long startTime) {
            looked.add(pid);
            return super.hasEnded(pid, startTime);
        }
    };

    @Test
    void withoutItsRootATreeLooksOnlyAtWhatTheRootLeft() {
        ProcessIdentity root = put(100, 5000, "sh -c sleep 300 &");
        ProcessIdentity child = put(101, 5001, "sleep 300");
        table.remove(100); // exited, and reaped by the JDK
        ProcessTree tree = ProcessTree.of(os, List.of(root, child));

        assertThat(tree.withoutRoot().members()).containsExactly(child);
        assertThat(tree.withoutRoot().alive()).containsExactly(child);
        assertThat(looked).containsExactly(101L);
        assertThat(tree.members()).as("the tree itself").containsExactly(root, child);
    }

    @Test
    void theLeftoversOfAnExitedProcessAreLookedForWithoutALookAtIt() {
        ProcessIdentity root = put(100, 5000, "sh -c sleep 300 &");
        ProcessIdentity child = put(101, 5001, "sleep 300");
        table.remove(100);
        table.remove(101); // gone as well: nothing left

        List<ProcessIdentity> refused = StopLadder.endLeftovers(ProcessTree.of(os, List.of(root, child)),
                Duration.ofSeconds(5), false, said -> {
                    throw new AssertionError("nothing was left to end, but it said: " + said);
                });

        assertThat(refused).isEmpty();
        assertThat(looked).containsExactly(101L);
        assertThat(table.sent()).isEmpty();
    }

    private ProcessIdentity put(long pid, long startTime, String command) {
        table.put(pid, startTime, command);
        return ProcessIdentity.of(table, pid).orElseThrow();
    }
}
