package dev.childproof;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The output of a {@link ChildProcess}. Both streams are drained continuously from launch, so a child never
 * blocks on a full pipe. Memory keeps the most recent part of each stream (bounded); the log file keeps every
 * line of both streams in arrival order.
 *
 * <p>Lines are returned without their line terminator. Queries return snapshots and never block.
 *
 * @since 0.1
 */
public interface ProcessOutput {

    /** @return the kept lines of both streams, in arrival order */
    List<String> lines();

    /** @return the kept lines of standard output */
    List<String> stdoutLines();

    /** @return the kept lines of standard error */
    List<String> stderrLines();

    /** @return the kept lines of both streams joined with {@code \n} */
    default String text() {
        return String.join("\n", lines());
    }

    /** @return the kept standard output joined with {@code \n} */
    default String stdout() {
        return String.join("\n", stdoutLines());
    }

    /** @return the kept standard error joined with {@code \n} */
    default String stderr() {
        return String.join("\n", stderrLines());
    }

    /**
     * Waits until a whole line of either stream matches {@code pattern} ({@link java.util.regex.Matcher#find()}).
     * Lines that arrived before the call count.
     *
     * @param pattern the pattern
     * @param timeout the longest wait
     * @return the first matching line
     * @throws AssertionError when the timeout passes or the process exits first, with the last lines seen
     */
    String awaitLine(Pattern pattern, Duration timeout);

    /**
     * The file that receives every line of both streams, each marked with its stream.
     *
     * @return the log file's path
     */
    Path logFile();
}
