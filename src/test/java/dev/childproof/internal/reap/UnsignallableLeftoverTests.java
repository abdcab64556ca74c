package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up sweep of a test JVM that is not root, next to the cgroup of another user's earlier run whose JVM is
 * gone (both JVMs in one cgroup, as in a container where root and a user run builds): it can neither write that
 * cgroup's {@code cgroup.kill} nor signal the processes inside. Once, it said on the console that it had ended each of
 * them, at the start of every test JVM, while they ran on. The cgroup is a directory made to look like one (its
 * {@code cgroup.kill} a directory, so that the write fails even for root) and the refusal is the fake table's.
 */
@DisplayName("Cleanup: an earlier run's cgroup this JVM may not touch is not reported as ended")
class UnsignallableLeftoverTests {

    private static final long GONE_JVM = 4_000_001L;
    private static final long LEFTOVER = 500L;

    @TempDir
    Path parent;

    @Test
    void aProcessTheSystemRefusesToSignalIsNotReportedAsEnded() throws IOException {
        Path sibling = parent.resolve(Containment.PREFIX + GONE_JVM + ".0123abcd");
        Files.createDirectories(sibling.resolve("cgroup.kill"));
        write(parent.resolve("cgroup.stat"), "nr_descendants 1\n");
        write(sibling.resolve("cgroup.stat"), "nr_descendants 0\n");
        write(sibling.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        write(sibling.resolve("cgroup.procs"), LEFTOVER + "\n");
        FakeProcessTable table = new FakeProcessTable();
        table.put(LEFTOVER, 10, "sleep 300");
        table.refuseSignals(LEFTOVER);

        List<String> report = new CopyOnWriteArrayList<>();
        Containment containment = new Containment(Optional.of(CgroupTree.at(parent)), Containment.PREFIX + "this-run");
        new LeftoverSweep(table, RunCookie.current(), containment, report::add).endEarlierRuns();

        assertThat(table.isGone(LEFTOVER)).as("the other user's process").isFalse();
        assertThat(report).as("what the sweep said it ended").isEmpty();
    }

    private static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.US_ASCII));
    }
}
