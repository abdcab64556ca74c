package dev.childproof.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Random bits: as many bytes as asked, never the same twice in practice, without the JDK's providers")
class RandomBitsTests {

    @Test
    void drawsAsManyBytesAsAskedAndDifferentOnesEachTime() {
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] bytes = RandomBits.bytes(16);
            assertThat(bytes).hasSize(16);
            drawn.add(HexFormat.of().formatHex(bytes));
        }
        assertThat(drawn).hasSize(100);
        assertThat(RandomBits.bytes(0)).isEmpty();
        assertThat(RandomBits.bytes(1000)).hasSize(1000);
    }

    @Test
    void longsTakeEveryBitOfTheirEightBytes() {
        long or = 0;
        long and = -1;
        Set<Long> drawn = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long value = RandomBits.nextLong();
            or |= value;
            and &= value;
            drawn.add(value);
        }
        assertThat(drawn).hasSize(200);
        assertThat(or).as("every bit set in some draw").isEqualTo(-1L);
        assertThat(and).as("every bit clear in some draw").isZero();
    }
}
