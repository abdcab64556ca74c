package dev.childproof.torture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Torture invariants can fail")
class InvariantsTests {

    @Test
    void completeLogsLoseNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.log"), "[out] seq out 0\n[err] seq err 0\n[out] seq out 1\n[err] seq err 1\n"
                + "[out] done 2\n");
        assertThat(Invariants.lostLines(dir)).isZero();
    }

    @Test
    void gapsDuplicatesAndMissingTailsCount(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gap.log"), "[out] seq out 0\n[out] seq out 2\n");
        Files.writeString(dir.resolve("dup.log"), "[err] seq err 0\n[err] seq err 0\n");
        Files.writeString(dir.resolve("tail.log"), "[out] seq out 0\n[err] seq err 0\n[out] done 3\n");
        Files.writeString(dir.resolve("crossed.log"), "[out] seq err 0\n");
        assertThat(Invariants.lostLines(dir)).isEqualTo(1 + 1 + 4 + 1);
    }

    @Test
    void aThreadStartedSinceTheSnapshotIsLeftOverUntilItEnds() throws Exception {
        Set<Thread> before = Invariants.threads();
        CountDownLatch release = new CountDownLatch(1);
        Thread unnamed = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        unnamed.start();
        try {
            assertThat(Invariants.leftoverThreads(before)).contains(unnamed.getName());
        } finally {
            release.countDown();
            unnamed.join();
        }
        assertThat(Invariants.leftoverThreads(before)).doesNotContain(unnamed.getName());
    }
}
