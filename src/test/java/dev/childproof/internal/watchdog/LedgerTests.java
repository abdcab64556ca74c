package dev.childproof.internal.watchdog;

import dev.childproof.testkit.ChunkedStream;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Watchdog: what it ends when the test JVM is gone")
class LedgerTests {

    private final FakeProcessTable table = new FakeProcessTable();
    private final Ledger ledger = new Ledger();

    @Test
    void endsRecordedProcessesThatAreStillTheSame() {
        table.put(10, 1000, "sleep 300").cookie("cp1.aa.1.1");
        table.put(11, 1001, "daemon without environment");
        ledger.accept("L 10 1000 cp1.aa.1.1");
        ledger.accept("A 11 1001");

        assertThat(ledger.endAll(table)).hasSize(2);
        assertThat(table.sent()).containsExactlyInAnyOrder("KILL 10", "KILL 11");
    }

    @Test
    void leavesAReusedPidAloneWhetherTheStartTimeOrTheCookieDiffers() {
        table.put(10, 2000, "sleep 300").cookie("cp1.aa.1.1");
        table.put(11, 1001, "sleep 300").cookie("cp1.bb.2.7");
        table.put(12, 3000, "an unrelated process");
        ledger.accept("L 10 1000 cp1.aa.1.1");
        ledger.accept("L 11 1001 cp1.aa.1.2");
        ledger.accept("A 12 1002");

        assertThat(ledger.endAll(table)).isEmpty();
        assertThat(table.sent()).isEmpty();
    }

    @Test
    void forgetsProcessesThatEndedAndIgnoresMalformedLines() {
        table.put(10, 1000, "sleep 300").cookie("cp1.aa.1.1");
        ledger.accept("L 10 1000 cp1.aa.1.1");
        ledger.accept("E 10 1000");
        ledger.accept("L ten 1000 cp1.aa.1.1");
        ledger.accept("garbage");

        assertThat(ledger.size()).isZero();
        assertThat(ledger.endAll(table)).isEmpty();
    }

    @Test
    void pausesEachTimeItHasReadAllThereWasAndNeverInTheMiddleOfABacklog() throws Exception {
        List<String> events = new ArrayList<>();
        // what the pipe holds at each wake-up: a backlog larger than one read, then what came during the pause
        InputStream pipe = new ChunkedStream(List.of(launches(1, 400), launches(401, 3)),
                (returned, asked) -> events.add(returned < 0 ? "end" : returned == asked ? "full read" : "read"));

        ledger.readAll(pipe, () -> events.add("pause"));

        assertThat(launches(1, 400).length).isGreaterThan(8192); // the ledger's first read takes 8192 bytes
        assertThat(events).containsExactly("full read", "read", "pause", "read", "pause", "end");
        assertThat(ledger.size()).isEqualTo(403);
    }

    @Test
    void readsEveryLineOfAStreamHoweverItsReadsCutThem() throws Exception {
        table.put(10, 1000, "sleep 300").cookie("cp1.aa.1.1");
        table.put(11, 1001, "sleep 300").cookie("cp1.aa.1.2");
        table.put(12, 1002, "sleep 300").cookie("cp1.aa.1.3");
        String text = "L 10 1000 cp1.aa.1.1\nL 11 1001 cp1.aa.1.2\nX " + "9".repeat(20_000)
                + "\nE 11 1001\nL 12 1002 cp1.aa.1.3"; // no newline after the last line
        // at most three bytes a read, as a pipe may hand them over
        InputStream trickle = new ChunkedStream(ChunkedStream.chunks(text.getBytes(StandardCharsets.US_ASCII), 3));

        ledger.readAll(trickle, () -> { });

        assertThat(ledger.size()).isEqualTo(2);
        assertThat(ledger.endAll(table)).hasSize(2);
        assertThat(table.sent()).containsExactlyInAnyOrder("KILL 10", "KILL 12");
    }

    /** Launch lines for pids {@code first} on, as the test JVM writes them. */
    private static byte[] launches(int first, int count) {
        StringBuilder lines = new StringBuilder();
        for (int pid = first; pid < first + count; pid++) {
            lines.append("L ").append(pid).append(" 1000 cp1.aa.1.").append(pid).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
