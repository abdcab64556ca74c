package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The watchdog hears of an adopted orphan ({@code A} line) and, once it is reaped, that it is gone ({@code E} line):
 * before, nothing ever took an adopted orphan out of the watchdog's ledger, which grew by one entry per orphan for
 * the whole run. Isolated: another test's launch would write the pending lines this test reads.
 */
@Isolated
@DisplayName("Cleanup: the watchdog forgets an adopted orphan once it is reaped")
class AdoptedLedgerTests {

    @TempDir
    Path dir;

    @Test
    void anAdoptedOrphanThatIsReapedIsTakenOutOfTheWatchdogsLedger() throws Exception {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        Adoption adoption = Adoption.instance();
        adoption.beforeFirstLaunch();
        assumeTrue(adoption.isSubreaper(), "this JVM could not become a child subreaper");
        OperatingSystem os = OperatingSystem.current();
        long self = ProcessHandle.current().pid();
        // a daemon in a session of its own, orphaned at once: re-parented to this JVM, which no thread waits for
        // (its pid through a file: the launcher's pipe may be drained by the JDK, empty, when the launcher exits)
        Path pidFile = dir.resolve("orphan.pid");
        Process launcher = new ProcessBuilder("sh", "-c", "setsid sh -c 'echo $$ > \"$0.new\"; mv \"$0.new\" \"$0\";"
                + " exec sleep 3' \"$0\" &", pidFile.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        launcher.waitFor();
        await("the orphan's pid").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        await("the orphan to be re-parented").atMost(Duration.ofSeconds(10))
                .until(() -> os.parentPid(pid).orElse(-1) == self);
        ProcessIdentity orphan = ProcessIdentity.of(os, pid).orElseThrow();
        await("the orphan to be recorded").atMost(Duration.ofSeconds(10)).until(() -> {
            adoption.findAdopted(Set.of(), Set.of());
            return adoption.recorded().contains(orphan);
        });

        await("the orphan to exit and be reaped").atMost(Duration.ofSeconds(10)).until(() -> {
            adoption.reap(List.of(orphan)); // the watcher may reap it first
            return !adoption.recorded().contains(orphan);
        });

        assertThat(WatchdogClient.instance().pending()).as("the records not yet written to the watchdog")
                .contains("E " + pid + " " + orphan.startTime() + "\n");
    }
}
