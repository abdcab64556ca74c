package dev.childproof.internal.watchdog;

import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
    void readsEveryLineOfAStreamHoweverItsReadsCutThem() throws Exception {
        table.put(10, 1000, "sleep 300").cookie("cp1.aa.1.1");
        table.put(11, 1001, "sleep 300").cookie("cp1.aa.1.2");
        table.put(12, 1002, "sleep 300").cookie("cp1.aa.1.3");
        String text = "L 10 1000 cp1.aa.1.1\nL 11 1001 cp1.aa.1.2\nX " + "9".repeat(20_000)
                + "\nE 11 1001\nL 12 1002 cp1.aa.1.3"; // no newline after the last line
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // at most three bytes a read, as a pipe may hand them over
        java.io.InputStream trickle = new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };

        ledger.readAll(trickle);

        assertThat(ledger.size()).isEqualTo(2);
        assertThat(ledger.endAll(table)).hasSize(2);
        assertThat(table.sent()).containsExactlyInAnyOrder("KILL 10", "KILL 12");
    }
}
