package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ProcStat: the fields of a /proc/<pid>/stat line")
class ProcStatTests {

    /**
     * Fields 3 to 52 as Linux writes them, with ppid 77, session 55, flags 4194560 (field 9) and start time 4242
     * (field 22).
     */
    private static final String FIELDS = " S 77 66 55 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 4242 1000 200"
            + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void readsStatePpidSessionFlagsAndStartTimeAfterTheLastParenthesis() {
        assertThat(ProcStat.parse("12 (a) b) (c" + ")" + FIELDS)).hasValueSatisfying(stat -> {
            assertThat(stat.name()).isEqualTo("a) b) (c");
            assertThat(stat.state()).isEqualTo('S');
            assertThat(stat.parentPid()).isEqualTo(77);
            assertThat(stat.sessionId()).isEqualTo(55);
            assertThat(stat.flags()).isEqualTo(4194560);
            assertThat(stat.startTime()).isEqualTo(4242);
        });
    }

    @Test
    void aLineCutShortOrNotOfNumbersIsNoStat() {
        String whole = "12 (sh)" + FIELDS;
        assertThat(ProcStat.parse(whole.substring(0, whole.indexOf(" 4242")))).isEmpty();
        assertThat(ProcStat.parse(whole.substring(0, whole.indexOf(" 4242") + 3))).hasValueSatisfying(
                stat -> assertThat(stat.startTime()).isEqualTo(42));
        assertThat(ProcStat.parse(whole.replace(" 77 ", " x7 "))).isEmpty();
        assertThat(ProcStat.parse(whole.replace(" 4242 ", "  "))).isEmpty();
        assertThat(ProcStat.parse("12 (sh)")).isEmpty();
        assertThat(ProcStat.parse("12 sh S 77")).isEmpty();
        assertThat(ProcStat.parse("")).isEmpty();
        assertThat(ProcStat.parse("12 (sh)  S 77 66 55")).isEmpty();
        assertThat(ProcStat.parse("12 (sh)" + FIELDS.replace(" 77 ", " 12345678901234567890 ")))
                .isEmpty();
        assertThat(ProcStat.parse("12 (sh)" + FIELDS.replace(" 77 ", " " + Long.MAX_VALUE + " ")))
                .hasValueSatisfying(stat -> assertThat(stat.parentPid()).isEqualTo(Long.MAX_VALUE));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisJvmsOwnLine() {
        Optional<ProcStat> self = ProcStat.read(Path.of("/proc/self/stat"));
        assertThat(self).hasValueSatisfying(stat -> {
            assertThat(stat.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
            assertThat(stat.state()).isIn('R', 'S');
            assertThat(stat.startTime()).isPositive();
        });
    }
}
