package dev.childproof.internal.output;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Chunk pool: read buffers given back are read into again, within a bound")
class ChunkPoolTests {

    @Test
    void handsBackWhatWasGivenBackUpToItsBoundAndOnlyReadBuffers() {
        ChunkPool pool = new ChunkPool();
        List<byte[]> given = new ArrayList<>();
        for (int i = 0; i < ChunkPool.KEPT + 2; i++) {
            given.add(new byte[ChunkPool.SIZE]);
        }
        given.forEach(pool::give);
        pool.give(new byte[ChunkPool.SIZE / 2]);

        List<byte[]> taken = new ArrayList<>();
        for (int i = 0; i < ChunkPool.KEPT + 1; i++) {
            taken.add(pool.take());
        }

        assertThat(taken).allSatisfy(chunk -> assertThat(chunk).hasSize(ChunkPool.SIZE));
        // by identity: every array is zeros, so equality would say nothing
        assertThat(taken.subList(0, ChunkPool.KEPT)).allSatisfy(chunk -> assertThat(given).anySatisfy(
                g -> assertThat(g).isSameAs(chunk)));
        Set<byte[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(taken);
        assertThat(distinct).hasSize(taken.size());
        assertThat(given).noneSatisfy(g -> assertThat(g).isSameAs(taken.get(ChunkPool.KEPT)));
    }

    @Test
    void keepsNothingOnceClosed() {
        ChunkPool pool = new ChunkPool();
        byte[] before = new byte[ChunkPool.SIZE];
        byte[] after = new byte[ChunkPool.SIZE];
        pool.give(before);

        pool.close();
        pool.give(after);

        byte[] taken = pool.take();
        assertThat(taken).isNotSameAs(before).isNotSameAs(after);
    }
}
