package dev.childproof;

import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Output: reading, waiting, logs and echo")
class OutputTests {

    static Path expectedLog(Class<?> testClass, String method, String process) {
        return Paths.get("target", "childproof", testClass.getName(), method, process + ".log").toAbsolutePath();
    }

    @Test
    void sendLineToAChildThatDoesNotReadLeavesTheTestInterruptible() {
        var results = ChildproofTestKit.executeTestClass(DeafChildTestCase.class);
        results.hasSingleFailedTest()
                .withMessage("fillsThePipe(dev.childproof.ChildProcess) timed out after 2 seconds");
        assertThat(results.hasSingleFailedTest().throwable().getSuppressed()).anySatisfy(s -> assertThat(s)
                .hasMessage("Interrupted while writing a line to the standard input of process [deaf], which does"
                        + " not read it"));
    }

    @Test
    void joinWaitsForStreamsADescendantHoldsOnceAndNeverPastItsTimeout() {
        ChildproofTestKit.executeTestClass(HeldStreamsTestCase.class).hasTests(2, 0);
    }

    @Test
    void aLineBreakInsideASentLineEndsALineThere() {
        ChildproofTestKit.executeTestClass(TwoLinesAtOnceTestCase.class).hasTests(1, 0);
    }

    @Test
    void readsBothStreamsAndLogsEveryLineInArrivalOrderWithItsStream() {
        ChildproofTestKit.executeTestClass(ConversationTestCase.class).hasTests(1, 0);
    }

    @Test
    void deliversALineSplitAcrossReadsOnceAndWholeAndKeepsAnUnterminatedLastLine() {
        ChildproofTestKit.executeTestClass(SplitLineTestCase.class).hasTests(1, 0);
    }

    @Test
    void keepsALineOfTheLongestLengthWholeAndCutsALongerOneIntoPieces() {
        ChildproofTestKit.executeTestClass(LongestLineTestCase.class).hasTests(1, 0);
    }

    @Test
    void keepsALoneCarriageReturnBeforeACutAndAtTheEndOfTheStreamAsWithinALine() {
        ChildproofTestKit.executeTestClass(LoneCarriageReturnTestCase.class).hasTests(1, 0);
    }

    @Test
    void overloadedTestMethodsAndInvocationsOfAClassTemplateGetLogsOfTheirOwn() throws Exception {
        ChildproofTestKit.executeTestClass(OverloadedTestCase.class).hasTests(2, 0);
        assertThat(Files.readAllLines(expectedLog(OverloadedTestCase.class, "check-ChildProcess", "w")))
                .containsExactly("[out] first");
        assertThat(Files.readAllLines(expectedLog(OverloadedTestCase.class, "check-TestInfo-ChildProcess", "w")))
                .containsExactly("[out] second");

        ChildproofTestKit.executeTestClass(ClassTemplateTestCase.class).hasTests(2, 0);
        for (String value : List.of("one", "two")) {
            int invocation = value.equals("one") ? 1 : 2;
            assertThat(Files.readAllLines(Paths.get("target", "childproof", ClassTemplateTestCase.class.getName()
                    + "-" + invocation, "echoes", "echoer.log"))).containsExactly("[out] " + value);
        }
    }

    @Test
    void aNameTooLongForAFileNameIsShortenedAndAHashOfItKeepsItsLogApart() throws Exception {
        ChildproofTestKit.executeTestClass(LongNamesTestCase.class).hasTests(1, 0);
        String type = LongNamesTestCase
                .ATypeWithANameAsLongAsThoseThatKotlinOrCodeGeneratorsGiveTheirClassesNowAndThen.class.getSimpleName();
        String method = "check-" + type + "-" + type + "-" + type + "-ChildProcess";
        String hash = "-[0-9a-f]{10}";
        Path first = LongNamesTestCase.firstLog;
        Path second = LongNamesTestCase.secondLog;
        // 258 characters for the method (the invocation's -1 after it), 301 for each process: each shortened to
        // 189 and a hash of the whole, which keeps the two processes, alike in their first 300, apart
        assertThat(first.getParent().getParent()).isEqualTo(Paths.get("target", "childproof",
                LongNamesTestCase.class.getName()));
        assertThat(first.getParent().getFileName().toString()).matches(Pattern.quote(method.substring(0, 189))
                + hash + "-1");
        assertThat(second.getParent()).isEqualTo(first.getParent());
        assertThat(first.getFileName().toString()).matches("n{189}" + hash + "\\.log");
        assertThat(second.getFileName().toString()).matches("n{189}" + hash + "\\.log").isNotEqualTo(
                first.getFileName().toString());
        assertThat(Files.readAllLines(first)).containsExactly("[out] first");
        assertThat(Files.readAllLines(second)).containsExactly("[out] second");
    }

    @Test
    void aProcessThatWritesNothingHasNoLogAndAnEarlierRunsLogAtItsPathGoes() throws Exception {
        Path silent = expectedLog(SilentAndTalkingTestCase.class, "run", "silent");
        Path talking = expectedLog(SilentAndTalkingTestCase.class, "run", "talking");
        Files.createDirectories(silent.getParent());
        Files.writeString(silent, "[out] an earlier run's line\n");

        ChildproofTestKit.executeTestClass(SilentAndTalkingTestCase.class).hasTests(1, 0);

        assertThat(silent).doesNotExist();
        assertThat(talking).hasContent("[out] hello");
    }

    @Test
    void keepsOnlyTheMostRecentLinesWithinTheDeclaredBound() {
        ChildproofTestKit.executeTestClass(SmallBufferTestCase.class).hasTests(1, 0);
    }

    @Test
    void keepsLongLinesWithinTheBoundAndALineLongerThanTheBoundAtItsOwnSize() {
        ChildproofTestKit.executeTestClass(LongLinesBoundTestCase.class).hasTests(1, 0);
    }

    @Test
    void awaitLineReturnsTheOldestKeptMatchWhileAReadIsBeingOfferedToListeners() {
        ChildproofTestKit.executeTestClass(OldestKeptMatchTestCase.class).hasTests(1, 0);
    }

    @Test
    void awaitLineFailsAtOnceWhenTheProcessExitsFirst() {
        ChildproofTestKit.executeTestClass(QuitterTestCase.class).hasTests(1, 0);
    }

    @Test
    void anOrphanHoldingTheOutputIsEndedBeforeTheLogIsClosedWithoutACgroupToo() {
        OrphanHoldsOutputAtTheEndTestCase.kept = null;
        ChildproofTestKit.executeTestClass(OrphanHoldsOutputAtTheEndTestCase.class,
                Map.of("childproof.cleanup.cgroup", "off")).hasTests(1, 0);
        // the scope's sweep ends the orphan first; waiting for the output before it cost a second and lost the end
        assertThat(((OutputCapture) OrphanHoldsOutputAtTheEndTestCase.kept.output()).closedBeforeDrained())
                .as("the log closed while the orphan still held the output").isFalse();
    }

    @Test
    void keepsWhatDescendantsWriteAfterTheProcessExited() {
        ChildproofTestKit.executeTestClass(LateWritersTestCase.class).hasTests(1, 0);
    }

    @Test
    void awaitLineFailsAtOnceWhenTheProcessExitsFirstThoughAGrandchildHoldsItsOutput() {
        ChildproofTestKit.executeTestClass(OrphanHoldsOutputTestCase.class).hasTests(1, 0);
    }

    @Test
    void awaitLineFailsWithTheLastLinesWhenItTimesOut() {
        ChildproofTestKit.executeTestClass(SilentTestCase.class).hasTests(1, 0);
    }

    @Test
    void awaitLineFailureShowsTheLineEachStreamHasBegunButNotEndedCutLikeTheOthers() {
        ChildproofTestKit.executeTestClass(PromptTestCase.class).hasTests(1, 0);
    }

    @Test
    @ResourceLock(Resources.SYSTEM_OUT)
    @ResourceLock(Resources.SYSTEM_ERR)
    void echoesEachLinePrefixedWithTheProcessNameWhenAskedByAnnotationOrConfiguration() {
        String silent = capture(() -> ChildproofTestKit.executeTestClass(NoEchoTestCase.class).hasTests(1, 0));
        assertThat(silent).doesNotContain("[quiet]");
        String byAnnotation = capture(() -> ChildproofTestKit.executeTestClass(EchoTestCase.class).hasTests(1, 0));
        assertThat(byAnnotation).contains("out: [talker] hello\n", "err: [talker] oops\n");
        String byConfiguration = capture(() -> ChildproofTestKit.executeTestClass(NoEchoTestCase.class,
                Map.of("childproof.output.echo", "true")).hasTests(1, 0));
        assertThat(byConfiguration).contains("out: [quiet] psst\n");
    }

    @Test
    @ResourceLock(Resources.SYSTEM_OUT)
    @ResourceLock(Resources.SYSTEM_ERR)
    void anEchoConsoleThatThrowsTurnsTheEchoOffAndTheOutputIsStillReadWhole() {
        PrintStream out = System.out;
        PrintStream throwing = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                throw new IllegalStateException("console closed");
            }
        };
        PrintStream err = System.err;
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        try {
            System.setOut(throwing);
            System.setErr(new PrintStream(warned, true, StandardCharsets.UTF_8));
            ChildproofTestKit.executeTestClass(EchoIntoAThrowingConsoleTestCase.class).hasTests(1, 0);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(warned.toString(StandardCharsets.UTF_8)).contains("childproof: warning: the echo of process [seq]"
                + " is off from now on: System.out threw java.lang.IllegalStateException: console closed; its output"
                + " is still captured.");
    }

    static class EchoIntoAThrowingConsoleTestCase {
        @Test
        void floods(@SpawnedProcess(command = {"seq", "1", "20000"}, echo = true) ChildProcess seq) {
            assertThat(seq.join(Duration.ofSeconds(30)).map(ExitStatus::toString)).contains("exited with code 0");
            assertThat(seq.output().lines()).hasSize(20000).endsWith("20000");
        }
    }

    /** Runs an action with System.out and System.err captured, each line prefixed with its stream. */
    private static String capture(Runnable action) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream toOut = new PrintStream(new Prefixed(captured, "out: "), true, StandardCharsets.UTF_8);
             PrintStream toErr = new PrintStream(new Prefixed(captured, "err: "), true, StandardCharsets.UTF_8)) {
            System.setOut(toOut);
            System.setErr(toErr);
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes whole lines to a shared buffer, each prefixed. */
    private static final class Prefixed extends java.io.OutputStream {
        private final ByteArrayOutputStream target;
        private final byte[] prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Prefixed(ByteArrayOutputStream target, String prefix) {
            this.target = target;
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                synchronized (target) {
                    target.writeBytes(prefix);
                    target.writeBytes(line.toByteArray());
                }
                line.reset();
            }
        }
    }

    static class DeafChildTestCase {
        @Test
        @org.junit.jupiter.api.Timeout(2)
        void fillsThePipe(@SpawnedProcess(command = {"sleep", "300"}) ChildProcess deaf) {
            String line = "x".repeat(1023);
            for (int i = 0; i < 1000; i++) {
                deaf.sendLine(line); // a pipe holds 64 KiB: the 65th line blocks
            }
        }
    }

    static class HeldStreamsTestCase {
        @Test
        void joins(@SpawnedProcess(command = {"sh", "-c", "sleep 60 & exit 0"}) ChildProcess parent) {
            assertThat(parent.join().code()).isZero(); // waits up to 500 ms for the background job's streams
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                assertThat(parent.join(Duration.ZERO)).isPresent();
                assertThat(parent.join().code()).isZero();
                // without the streams ending, each of these waited 500 ms again
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
            }
        }

        @Test
        void joinsAfterAnAwaitLineThatWaitedOutTheGrace(
                @SpawnedProcess(command = {"sh", "-c", "sleep 60 & exit 0"}) ChildProcess parent) {
            assertThatThrownBy(() -> parent.awaitLine("never", Duration.ofSeconds(30)))
                    .hasMessageStartingWith("Process [parent] exited with code 0 before writing a line matching"
                            + " /never/.");
            long started = System.nanoTime();
            assertThat(parent.join().code()).isZero();
            // the output was waited for up to 500 ms after the exit already: join() did it again
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
        }
    }

    static class SilentAndTalkingTestCase {
        @SpawnedProcess(command = "true")
        ChildProcess silent;

        @SpawnedProcess(command = {"echo", "hello"})
        ChildProcess talking;

        @Test
        void run() {
            assertThat(silent.join().code()).isZero();
            assertThat(talking.join().code()).isZero();
            assertThat(silent.output().lines()).isEmpty();
        }
    }

    static class TwoLinesAtOnceTestCase {
        @Test
        void sends(@SpawnedProcess(command = {"sh", "-c", "read a; read b; echo \"$a|$b\""}) ChildProcess reader) {
            reader.sendLine("one\ntwo");
            assertThat(reader.join().code()).isZero();
            assertThat(reader.output().lines()).containsExactly("one|two");
        }
    }

    static class ConversationTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo one; read x; echo two >&2; read x; echo three; echo four >&2"})
        ChildProcess talker;

        @Test
        void talks() throws Exception {
            assertThat(talker.awaitLine("one", Duration.ofSeconds(30))).isEqualTo("one");
            talker.sendLine("go");
            assertThat(talker.output().awaitLine("t.o", Duration.ofSeconds(30))).isEqualTo("two");
            talker.sendLine("go");
            assertThat(talker.join().code()).isZero();
            ProcessOutput output = talker.output();
            assertThat(output.stdoutLines()).containsExactly("one", "three");
            assertThat(output.stderrLines()).containsExactly("two", "four");
            assertThat(output.stdout()).isEqualTo("one\nthree");
            assertThat(output.stderr()).isEqualTo("two\nfour");
            assertThat(output.lines()).startsWith("one", "two");
            assertThat(output.lines()).containsExactlyInAnyOrder("one", "two", "three", "four");
            Path log = expectedLog(ConversationTestCase.class, "talks", "talker");
            assertThat(output.logFile().toAbsolutePath()).isEqualTo(log);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
            List<String> logged = Files.readAllLines(log);
            assertThat(logged).startsWith("[out] one", "[err] two");
            assertThat(logged).containsExactlyInAnyOrder("[out] one", "[err] two", "[out] three", "[err] four");
            assertThat(output.text()).isEqualTo(logged.stream().map(l -> l.substring(6))
                    .collect(Collectors.joining("\n")));
        }
    }

    static class SplitLineTestCase {
        @SpawnedProcess(command = {"sh", "-c", "printf 'hel'; read x; printf 'lo\\r\\nwor'; read x; printf 'ld'"})
        ChildProcess splitter;

        @Test
        void joinsTheHalves() {
            splitter.sendLine("go");
            assertThat(splitter.awaitLine("^hello$", Duration.ofSeconds(30))).isEqualTo("hello");
            splitter.sendLine("go");
            splitter.join();
            assertThat(splitter.output().lines()).containsExactly("hello", "world");
        }
    }

    static class OverloadedTestCase {
        @Test
        void check(@SpawnedProcess(command = {"echo", "first"}, name = "w") ChildProcess w) {
            w.join();
        }

        @Test
        void check(TestInfo info, @SpawnedProcess(command = {"echo", "second"}, name = "w") ChildProcess w) {
            w.join();
        }
    }

    static class LongNamesTestCase {
        static final String TEN = "nnnnnnnnnn";
        static final String THREE_HUNDRED = TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN
                + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN;
        static volatile Path firstLog;
        static volatile Path secondLog;

        static final class ATypeWithANameAsLongAsThoseThatKotlinOrCodeGeneratorsGiveTheirClassesNowAndThen {
        }

        static List<Arguments> three() {
            var value = new ATypeWithANameAsLongAsThoseThatKotlinOrCodeGeneratorsGiveTheirClassesNowAndThen();
            return List.of(Arguments.of(value, value, value));
        }

        @ParameterizedTest
        @MethodSource("three")
        void check(ATypeWithANameAsLongAsThoseThatKotlinOrCodeGeneratorsGiveTheirClassesNowAndThen a,
                ATypeWithANameAsLongAsThoseThatKotlinOrCodeGeneratorsGiveTheirClassesNowAndThen b,
                ATypeWithANameAsLongAsThoseThatKotlinOrCodeGeneratorsGiveTheirClassesNowAndThen c,
                @SpawnedProcess(command = {"echo", "first"}, name = THREE_HUNDRED + "1") ChildProcess first,
                @SpawnedProcess(command = {"echo", "second"}, name = THREE_HUNDRED + "2") ChildProcess second) {
            first.join();
            second.join();
            firstLog = first.output().logFile();
            secondLog = second.output().logFile();
        }

        /** Another method of the name, so that the test's log directory names its parameter types. */
        static void check() {
        }
    }

    @ParameterizedClass
    @ValueSource(strings = {"one", "two"})
    static class ClassTemplateTestCase {
        @Parameter
        String value;

        @Test
        void echoes(@SpawnedProcess(command = {"sh", "-c", "read v; echo $v"}, name = "echoer") ChildProcess echoer) {
            echoer.sendLine(value);
            echoer.join();
        }
    }

    static class LongestLineTestCase {
        /** Lines of 1 MiB and of 1 MiB + 1 byte, ended by \n and by \r\n. */
        @SpawnedProcess(command = {"sh", "-c", "y() { head -c $1 /dev/zero | tr '\\0' y; }; y 1048576; echo;"
                + " y 1048576; printf '\\r\\n'; y 1048577; echo; echo after"}, outputBufferKiB = 8192)
        ChildProcess writer;

        @Test
        void keepsThem() throws Exception {
            writer.join();
            assertThat(writer.output().stdoutLines()).extracting(String::length)
                    .containsExactly(1048576, 1048576, 1048576, 1, 5);
            assertThat(Files.readAllLines(writer.output().logFile())).extracting(String::length)
                    .containsExactly(6 + 1048576, 6 + 1048576, 6 + 1048576, 6 + 1, 6 + 5);
        }
    }

    /**
     * A lone {@code \r} is part of its line within it, as the last byte of a piece cut at 1 MiB and as the stream's
     * last byte: in memory, in the log, for {@code readyWhen} (the live watch) and {@code awaitLine}.
     */
    static class LoneCarriageReturnTestCase {
        /** A lone \r within a line, then a line whose 1 MiB piece ends with a lone \r, and the line's rest. */
        @SpawnedProcess(command = {"sh", "-c", "printf 'a\\rb\\n'; head -c 1048575 /dev/zero | tr '\\0' y;"
                + " printf '\\rz\\n'"}, readyWhen = "y\\r$", outputBufferKiB = 4096)
        ChildProcess cut;

        /** A line of 1 MiB, then a lone \r as the stream's last byte. */
        @SpawnedProcess(command = {"sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' y; printf '\\r'"},
                readyWhen = "^\\r$", outputBufferKiB = 4096)
        ChildProcess cutAtTheEnd;

        /** A lone \r within a line, then one as the stream's last byte. */
        @SpawnedProcess(command = {"sh", "-c", "printf 'a\\rb\\nc\\r'"}, readyWhen = "^c\\r$")
        ChildProcess ended;

        @Test
        void keepsIt() throws Exception {
            for (ChildProcess process : List.of(cut, cutAtTheEnd, ended)) {
                assertThat(process.join(Duration.ofSeconds(60))).isPresent();
            }
            List<String> expected = List.of("3 a\\rb", "1048576 yy\\r", "1 z");
            assertThat(cut.output().stdoutLines()).extracting(LoneCarriageReturnTestCase::ending).isEqualTo(expected);
            assertThat(logged(cut)).extracting(LoneCarriageReturnTestCase::ending).isEqualTo(expected);
            assertThat(ending(cut.awaitLine("y\\r$", Duration.ofSeconds(30)))).isEqualTo("1048576 yy\\r");

            expected = List.of("1048576 yyy", "1 \\r");
            assertThat(cutAtTheEnd.output().stdoutLines()).extracting(LoneCarriageReturnTestCase::ending)
                    .isEqualTo(expected);
            assertThat(logged(cutAtTheEnd)).extracting(LoneCarriageReturnTestCase::ending).isEqualTo(expected);
            assertThat(cutAtTheEnd.awaitLine("^\\r$", Duration.ofSeconds(30))).isEqualTo("\r");

            assertThat(ended.output().stdoutLines()).containsExactly("a\rb", "c\r");
            assertThat(logged(ended)).containsExactly("a\rb", "c\r");
            assertThat(ended.awaitLine("^c", Duration.ofSeconds(30))).isEqualTo("c\r");
        }

        /** A line's length and its last three characters, {@code \r} shown as {@code \\r}. */
        static String ending(String line) {
            return line.length() + " " + line.substring(Math.max(0, line.length() - 3)).replace("\r", "\\r");
        }

        /** A process's log lines without their mark, ended as output lines are: by {@code \n} or {@code \r\n}. */
        static List<String> logged(ChildProcess process) throws Exception {
            return Pattern.compile("\\r?\\n").splitAsStream(Files.readString(process.output().logFile()))
                    .map(line -> line.replaceFirst("^\\[out] ", "")).collect(Collectors.toList());
        }
    }

    static class LongLinesBoundTestCase {
        /** Three lines of 600 KiB, each read into a drainer buffer grown to 1 MiB, under a bound of 700 KiB. */
        @SpawnedProcess(command = {"sh", "-c", "for i in 1 2 3; do head -c 614400 /dev/zero | tr '\\0' $i; echo;"
                + " done"}, outputBufferKiB = 700)
        ChildProcess shorter;

        /** One line of 300 000 bytes, read into a buffer grown to 512 KiB, under a bound of 100 KiB. */
        @SpawnedProcess(command = {"sh", "-c", "head -c 300000 /dev/zero | tr '\\0' y; echo"}, outputBufferKiB = 100)
        ChildProcess longer;

        /** A line of 600 000 bytes, read into a buffer grown to 1 MiB, and a short one after it, under 1 MiB. */
        @SpawnedProcess(command = {"sh", "-c", "head -c 600000 /dev/zero | tr '\\0' x; echo; echo end"})
        ChildProcess followed;

        @Test
        void keepsThem() {
            for (ChildProcess process : List.of(shorter, longer, followed)) {
                assertThat(process.join(Duration.ofSeconds(60))).isPresent();
                assertThat(((OutputCapture) process.output()).awaitDrained(Duration.ofSeconds(60))).isTrue();
            }
            // the newest line only, counted at its length (and a segment's fixed 64 bytes), not at its buffer's
            assertThat(shorter.output().stdoutLines()).containsExactly("3".repeat(614400));
            assertThat(((OutputCapture) shorter.output()).keptBytes()).isEqualTo(614400 + 1 + 64)
                    .isLessThanOrEqualTo(700 * 1024);
            assertThat(longer.output().stdoutLines()).containsExactly("y".repeat(300000));
            assertThat(((OutputCapture) longer.output()).keptBytes()).isEqualTo(300000 + 1 + 64);
            // both fit: the long line is not counted at the 1 MiB its buffer grew to
            assertThat(followed.output().stdoutLines()).containsExactly("x".repeat(600000), "end");
            assertThat(((OutputCapture) followed.output()).keptBytes()).as("the lines in one read or two")
                    .isIn(600000 + 1 + 4 + 64L, 600000 + 1 + 4 + 2 * 64L);
        }
    }

    static class SmallBufferTestCase {
        @SpawnedProcess(command = {"sh", "-c", "i=1; while [ $i -le 2000 ]; do echo line $i; i=$((i+1)); done"},
                outputBufferKiB = 1)
        ChildProcess counter;

        @Test
        void keepsTheTail() throws Exception {
            counter.join();
            List<String> kept = counter.output().lines();
            assertThat(kept).isNotEmpty().hasSizeLessThan(1024 / "line 2000\n".length());
            List<String> expected = IntStream.rangeClosed(2001 - kept.size(), 2000).mapToObj(i -> "line " + i)
                    .collect(Collectors.toList());
            assertThat(kept).isEqualTo(expected);
            assertThat(((dev.childproof.internal.output.OutputCapture) counter.output()).keptBytes())
                    .isLessThanOrEqualTo(1024);
            List<String> logged = Files.readAllLines(counter.output().logFile());
            assertThat(logged).hasSize(2000).startsWith("[out] line 1").endsWith("[out] line 2000");
        }
    }

    /**
     * Standard output keeps 900 KB of lines ending with {@code port=1}; then standard error floods {@code port=2 <n>}
     * lines while another awaitLine listens, so a drainer is nearly always offering a read to the listeners, outside
     * the capture's lock, when an awaitLine begins: it must still return the oldest kept match.
     */
    static class OldestKeptMatchTestCase {
        @SpawnedProcess(command = {"/usr/bin/python3", "-c", "import sys, os\n"
                + "os.write(1, b''.join(b'filler %06d %s\\n' % (i, b'x' * 80) for i in range(9000)))\n"
                + "os.write(1, b'port=1\\n')\n"
                + "sys.stdin.readline()\n"
                + "i = 0\n"
                + "while True:\n"
                + "    os.write(2, b''.join(b'port=2 %d\\n' % (i + k) for k in range(50))); i += 50\n"})
        ChildProcess server;

        @Test
        void findsTheFirst() {
            assertThat(server.awaitLine("^port=1$", Duration.ofSeconds(30))).isEqualTo("port=1");
            CompletableFuture.runAsync(() -> {
                try {
                    server.awaitLine("never", Duration.ofSeconds(20));
                } catch (AssertionError | IllegalStateException e) {
                    // only there to listen
                }
            });
            server.sendLine("go");
            server.awaitLine("^port=2", Duration.ofSeconds(30));
            for (int i = 0; i < 30; i++) {
                assertThat(server.awaitLine("port=", Duration.ofSeconds(5))).isEqualTo("port=1");
            }
        }
    }

    /** A process that writes a line, waits for one on its input, then exits with code 3. */
    abstract static class QuitsEarlyTestCase {
        abstract ChildProcess quitter();

        @Test
        void waitsInVain() {
            ChildProcess quitter = quitter();
            quitter.awaitLine("hi", Duration.ofSeconds(30));
            quitter.sendLine("go");
            long start = System.nanoTime();
            assertThatThrownBy(() -> quitter.awaitLine("never", Duration.ofSeconds(60)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Process [quitter] exited with code 3 before writing a line matching /never/.\n"
                            + "Last line of output:\n"
                            + "  [out] hi\n"
                            + "Full log: " + expectedLog(getClass(), "waitsInVain", "quitter"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    static class QuitterTestCase extends QuitsEarlyTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo hi; read x; exit 3"})
        ChildProcess quitter;

        @Override
        ChildProcess quitter() {
            return quitter;
        }
    }

    /** As {@link QuitterTestCase}, but the {@code sleep} it leaves behind keeps its output open after it exits. */
    static class OrphanHoldsOutputTestCase extends QuitsEarlyTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo hi; read x; sleep 60 & exit 3"})
        ChildProcess quitter;

        @Override
        ChildProcess quitter() {
            return quitter;
        }
    }

    /**
     * The shell exits when told to (its output read by then: the JDK closes a pipe nobody reads at the exit), leaving
     * a {@code sleep} that holds its output and that only the cookie sweep finds.
     */
    static class OrphanHoldsOutputAtTheEndTestCase {
        /** Exits when a line comes, leaving a {@code sleep} that holds its output. */
        static final String EXITS_LEAVING_A_HOLDER = "sleep 60 & echo started; read x; exit 0";
        static volatile ChildProcess kept;

        @SpawnedProcess(command = {"sh", "-c", EXITS_LEAVING_A_HOLDER})
        ChildProcess parent;

        @Test
        void exits() {
            kept = parent;
            parent.awaitLine("started", Duration.ofSeconds(30));
            parent.sendLine("go");
            assertThat(parent.join(Duration.ofSeconds(30))).isPresent();
        }
    }

    /**
     * The shell exits when told to; the subshell it leaves behind waits for that, then writes two lines apart. The
     * JDK drains and closes a process's pipe when the process exits: the drainer must keep reading to the end.
     */
    static class LateWritersTestCase {
        @SpawnedProcess(command = {"sh", "-c", "(while kill -0 $$ 2>/dev/null; do sleep 0.05; done; echo late 1;"
                + " sleep 0.2; echo late 2) & echo early; read x; exit 0"})
        ChildProcess parent;

        @Test
        void keepsTheLateLines() throws Exception {
            parent.awaitLine("early", Duration.ofSeconds(30));
            parent.sendLine("go");
            assertThat(parent.join().code()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> parent.output().stdoutLines().contains("late 2"));
            assertThat(parent.output().stdoutLines()).containsExactly("early", "late 1", "late 2");
        }
    }

    static class SilentTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo waiting; exec sleep 60"})
        ChildProcess silent;

        @Test
        void waitsInVain() {
            silent.awaitLine("waiting", Duration.ofSeconds(30));
            assertThatThrownBy(() -> silent.awaitLine("never", Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Process [silent] wrote no line matching /never/ within 200ms.\n"
                            + "Last line of output:\n"
                            + "  [out] waiting\n"
                            + "Full log: " + expectedLog(SilentTestCase.class, "waitsInVain", "silent"));
        }
    }

    static class PromptTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo booting; printf 'Password: '; printf '%02000d' 0 >&2;"
                + " exec sleep 60"})
        ChildProcess prompt;

        @Test
        void waitsInVain() {
            OutputCapture capture = ((ManagedProcess) prompt).capture();
            // the test's own wait for both to be read: nothing public shows a line not yet ended
            await().atMost(Duration.ofSeconds(30)).until(() -> OutputReport.of(capture).contains("[err] 0"));
            assertThatThrownBy(() -> prompt.awaitLine("never", Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Process [prompt] wrote no line matching /never/ within 200ms.\n"
                            + "Last 3 lines of output:\n"
                            + "  [out] booting\n"
                            + "  [out] Password:  (no line end yet)\n"
                            + "  [err] " + "0".repeat(300) + "... (1700 more characters) (no line end yet)\n"
                            + "Full log: " + expectedLog(PromptTestCase.class, "waitsInVain", "prompt"));
            assertThat(prompt.output().lines()).containsExactly("booting");
        }
    }

    static class EchoTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo hello; echo oops >&2"}, echo = true)
        ChildProcess talker;

        @Test
        void talks() {
            talker.join();
        }
    }

    static class NoEchoTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo psst"})
        ChildProcess quiet;

        @Test
        void whispers() {
            quiet.join();
            assertThat(quiet.output().lines()).containsExactly("psst");
        }
    }

}
