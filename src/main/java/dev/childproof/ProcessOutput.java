package dev.childproof;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The output of a {@link ChildProcess}. Both streams are drained continuously from launch, so a child never
 * blocks on a full pipe, however much it writes.
 *
 * <p>Memory keeps only the most recent part of each stream: about {@link SpawnedProcess#outputBufferKiB()} KiB of
 * it (1 MiB by default), whole lines, so the test JVM's heap does not grow with the child's output. The
 * {@linkplain #logFile() log file} keeps every line of both streams in arrival order.
 *
 * <p>Lines are returned without their line terminator ({@code \n} or {@code \r\n}), decoded as UTF-8; a
 * {@code \r} not followed by {@code \n} is part of its line. A line longer than 1 MiB is split into pieces of 1 MiB,
 * which count as lines everywhere: in memory, in the log file, and for {@link #awaitLine} and {@code readyWhen}. A
 * last line without terminator counts once the stream ends.
 * Queries return snapshots and never block; all methods are thread-safe.
 *
 * @since 0.1
 */
public interface ProcessOutput {

    /**
     * The kept lines of both streams, in arrival order.
     *
     * @return the kept lines of both streams, in arrival order
     */
    List<String> lines();

    /**
     * The kept lines of standard output.
     *
     * @return the kept lines of standard output
     */
    List<String> stdoutLines();

    /**
     * The kept lines of standard error.
     *
     * @return the kept lines of standard error
     */
    List<String> stderrLines();

    /**
     * The kept lines of both streams joined with {@code \n}.
     *
     * @return the kept lines of both streams joined with {@code \n}
     */
    default String text() {
        return String.join("\n", lines());
    }

    /**
     * The kept standard output joined with {@code \n}.
     *
     * @return the kept standard output joined with {@code \n}
     */
    default String stdout() {
        return String.join("\n", stdoutLines());
    }

    /**
     * The kept standard error joined with {@code \n}.
     *
     * @return the kept standard error joined with {@code \n}
     */
    default String stderr() {
        return String.join("\n", stderrLines());
    }

    /**
     * Waits until a line of either stream contains a match of {@code pattern} ({@link java.util.regex.Matcher#find()};
     * anchor it, {@code ^ready$}, to match the whole line). Lines are matched whole however the pipe delivered them, up
     * to 1 MiB: a longer line is matched in its pieces of 1 MiB (see above). Lines still kept
     * in memory count, oldest first; then every line is matched as it arrives, so none is missed however fast the
     * child writes. Fails as soon as the process has ended and its streams are drained, or 500 ms
     * after it ended while a descendant still holds them open (a background job that writes later is not waited
     * for).
     *
     * @param pattern the pattern
     * @param timeout the longest wait
     * @return the first matching line
     * @throws AssertionError when the timeout passes or the process ends first; the message has its last lines
     *     and the path of its full log
     * @throws IllegalArgumentException when the pattern cannot be matched against a line (one that backtracks per
     *     character, such as {@code (.|\\s)*x}, overflows the stack on a long line); the output goes on being read
     * @throws IllegalStateException when the process was never started, or when the waiting thread is interrupted
     *     (its interrupt flag is set again)
     */
    String awaitLine(Pattern pattern, Duration timeout);

    /**
     * Waits until a line of either stream contains a match of the regular expression {@code regex}; see
     * {@link #awaitLine(Pattern, Duration)}.
     *
     * @param regex the regular expression
     * @param timeout the longest wait
     * @return the first matching line
     * @throws AssertionError when the timeout passes or the process ends first
     * @throws IllegalArgumentException when the pattern cannot be matched against a line (one that backtracks per
     *     character, such as {@code (.|\\s)*x}, overflows the stack on a long line); the output goes on being read
     */
    default String awaitLine(String regex, Duration timeout) {
        return awaitLine(Pattern.compile(Objects.requireNonNull(regex, "regex")), timeout);
    }

    /**
     * The file that receives every line of both streams in arrival order, each prefixed {@code [out] } or
     * {@code [err] }: {@code <childproof.output.dir>/<test class>/<test method>/<name>.log} for a test's process and
     * {@code <childproof.output.dir>/<test class>/<name>.log} for a class's, by default under
     * {@code target/childproof}; a second process of the same name in one scope gets {@code <name>-2.log}. It is
     * created at the process's first output, so a process that writes nothing has none (an older run's file at the
     * path is removed once its streams have ended, at the latest when its scope ends). It is readable by the owner
     * only, is closed once both streams have ended (or at the end of its scope, whichever is first), is complete once
     * the process has been ended (unless it could not be written: a failure's report then says why), and is published
     * to the JUnit report ({@code ExtensionContext.publishFile}) at the end of its scope.
     *
     * @return the log file's path
     */
    Path logFile();
}
