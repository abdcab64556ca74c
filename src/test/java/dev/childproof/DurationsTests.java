package dev.childproof;

import dev.childproof.fixtures.AwaitsStopEventForever;
import dev.childproof.internal.Durations;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Durations as users write them and as messages show them")
class DurationsTests {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "2s, PT2S", "1m, PT1M", "1h, PT1H", "1.5s, PT1.5S", "' 2 s ', PT2S", "2S, PT2S",
            "PT2S, PT2S", "PT0.25S, PT0.25S", "0ms, PT0S"})
    void parsesShortFormsAndIso8601(String text, String expected) {
        assertThat(Durations.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2", "-1s", "PT-2S", "2 seconds", "ms", "1.s"})
    void rejectsAnythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void timeoutsTooLongForNanosecondsWaitAsLongAsItTakes() {
        ChildproofTestKit.executeTestClass(ForeverTestCase.class).hasTests(1, 0);
    }

    static class ForeverTestCase {
        /** A timeout Duration.toNanos() cannot hold: about 342 years. */
        @Test
        void waits(@SpawnedProcess(command = {"sh", "-c", "echo hello; read x; echo bye"}, readyWhen = "hello",
                readyTimeout = "PT3000000H") ChildProcess p, @SpawnedProcess(main = AwaitsStopEventForever.class,
                readyWhen = "waiting") ChildProcess java) throws InterruptedException {
            Duration forever = ChronoUnit.FOREVER.getDuration();
            assertThat(p.awaitLine("hello", forever)).isEqualTo("hello");
            p.sendLine("go");
            assertThat(p.awaitLine("bye", Duration.ofMillis(Long.MAX_VALUE))).isEqualTo("bye");
            assertThat(p.join(Duration.ofMillis(Long.MAX_VALUE))).hasValueSatisfying(s -> assertThat(s.code())
                    .isZero());
            p.stopEvent().set();
            assertThat(p.stopEvent().await(forever)).isTrue();
            java.stopEvent().set();
            assertThat(java.join(forever)).isPresent();
            assertThat(java.output().lines()).containsExactly("waiting", "stopped after await(FOREVER): true");
        }
    }

    @Test
    void formatsForHumans() {
        assertThat(Durations.format(Duration.ofMillis(180))).isEqualTo("180ms");
        assertThat(Durations.format(Duration.ofMillis(2140))).isEqualTo("2.1s");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m 5s");
    }

    @ParameterizedTest
    @CsvSource({"999, 999ms", "1000, 1.0s", "1049, 1.0s", "1050, 1.1s", "9949, 9.9s", "9950, 10s", "9960, 10s",
            "19499, 19s", "19960, 20s", "59499, 59s", "59500, 1m 0s", "125600, 2m 6s"})
    void roundsToTheUnitShown(long millis, String expected) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
