package dev.childproof;

import dev.childproof.fixtures.Flood;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Isolated: the heap is measured, so no other test may allocate meanwhile. */
@Isolated
@DisplayName("Output: a flood never blocks the child and never grows the heap")
class OutputMemoryTests {

    private static final long MIB = 1 << 20;
    /** The most one read of a drainer holds (64 KiB of lines and the fixed cost of a segment). */
    private static final long ONE_READ = (1 << 16) + 64;

    @Test
    void aChildWritingAHundredMiBToEachStreamFinishesWhileTheTestDoesNothingAndMemoryStaysBounded() throws Exception {
        long before = usedHeapAfterGc();
        ChildproofTestKit.executeTestClass(FloodTestCase.class).hasTests(1, 0);
        Path log = FloodTestCase.log;
        try {
            assertThat(FloodTestCase.exitCode).isZero();
            // each stream keeps its most recent 1 MiB (the default) less at most one read, counted with its
            // bookkeeping: output falls out a read at a time
            assertThat(FloodTestCase.keptBytes).isBetween(2 * (MIB - ONE_READ), 2 * MIB);
            assertThat(FloodTestCase.lastLine).isEqualTo("done");
            // heap kept by the flood, measured after it ended: far below the 200 MiB it wrote
            assertThat(FloodTestCase.heapAfterFlood - before).isLessThan(24 * MIB);
            long linesPerStream = 100 * MIB / Flood.LINE;
            assertThat(Files.size(log)).as("every line in the log, each with its 6-byte mark")
                    .isEqualTo(2 * (100 * MIB + linesPerStream * "[out] ".length()) + "[out] done\n".length());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static class FloodTestCase {
        static volatile int exitCode = -1;
        static volatile long keptBytes;
        static volatile String lastLine;
        static volatile long heapAfterFlood;
        static volatile Path log;

        @SpawnedProcess(main = Flood.class, args = {"100", "100", "done"})
        ChildProcess flood;

        @Test
        void doesNothingWhileTheChildWrites() {
            exitCode = flood.join(Duration.ofMinutes(5)).orElseThrow().code();
            OutputCapture capture = (OutputCapture) flood.output();
            assertThat(capture.awaitDrained(Duration.ofSeconds(30))).isTrue();
            keptBytes = capture.keptBytes();
            List<String> stdout = flood.output().stdoutLines();
            lastLine = stdout.get(stdout.size() - 1);
            stdout = null;
            heapAfterFlood = usedHeapAfterGc();
            log = flood.output().logFile();
        }
    }
}
