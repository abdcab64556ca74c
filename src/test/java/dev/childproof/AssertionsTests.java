package dev.childproof;

import dev.childproof.fixtures.SleepForever;
import dev.childproof.fixtures.StopAware;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ExecutionResults;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.MultipleFailuresError;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.childproof.ChildproofAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("ChildproofAssertions: AssertJ assertions and their whole failure messages")
class AssertionsTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    static final String QUICK = "echo first; echo second; exit 3";
    static final String QUICK_PROCESS = "ChildProcess[quick, pid <pid>, TERMINATED, exited with code 3]";
    static final String QUICK_TAIL = "Timeline: +0ms launched pid <pid> · <t> exited with code 3\n"
            + "Last lines:\n  [out] first\n  [out] second";

    @Test
    void passWhenTheProcessLivesAndEndsAsSaid() {
        ChildproofTestKit.executeTestClass(PassingTestCase.class).hasTests(4, 0);
    }

    @Test
    void aNullProcessFailsEveryAssertionSayingSo() {
        assertThatThrownBy(() -> ChildproofAssertions.assertThat((ChildProcess) null).isAlive())
                .isInstanceOf(AssertionError.class).hasMessage("\nExpecting actual not to be null");
        assertThatThrownBy(() -> new ProcessOutputAssert(null).contains("x"))
                .isInstanceOf(AssertionError.class).hasMessage("\nExpecting actual not to be null");
    }

    @Test
    void isAlive() {
        failure("isAlive").withMessageMatching(message("\nExpecting process:\n  " + QUICK_PROCESS + "\n"
                + "to be alive, but it exited with code 3.\n" + QUICK_TAIL));
    }

    @Test
    void isNotAlive() {
        failure("isNotAlive").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[sleep, pid <pid>, BLOCKED]\n"
                + "to be alive, but it is still alive (BLOCKED).\n".replace("to be alive", "not to be alive")
                + "Timeline: +0ms launched pid <pid>\nLast lines: (none)"));
    }

    @Test
    void isInStateWhileRunning() {
        failure("isInStateWhileRunning").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[spinner, pid <pid>, RUNNING]\n"
                + "to be in state BLOCKED, but it is RUNNING.\n"
                + "Timeline: +0ms launched pid <pid> · <t> ready\nLast lines:\n  [out] spinning"));
    }

    @Test
    void isInStateOnceTerminated() {
        failure("isInStateOnceTerminated").withMessageMatching(message("\nExpecting process:\n  " + QUICK_PROCESS
                + "\nto be in state RUNNING, but it is TERMINATED (exited with code 3).\n" + QUICK_TAIL));
    }

    @Test
    void hasExitCode() {
        failure("hasExitCode").withMessageMatching(message("\nExpecting process:\n  " + QUICK_PROCESS + "\n"
                + "to have exited with code 0, but it exited with code 3.\n" + QUICK_TAIL));
    }

    @Test
    void hasExitCodeWhileAlive() {
        failure("hasExitCodeWhileAlive").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[sleep, pid <pid>, BLOCKED]\n"
                + "to have exited with code 0, but it is still alive (BLOCKED).\n"
                + "Timeline: +0ms launched pid <pid>\nLast lines: (none)"));
    }

    @Test
    void hasExitCodeWhileNew() {
        failure("hasExitCodeWhileNew").withMessage("\nExpecting process:\n"
                + "  ChildProcess[idle, pid none, NEW]\n"
                + "to have exited with code 0, but it is NEW (never started).\n"
                + "Timeline: (nothing yet)\nLast lines: (none)");
    }

    @Test
    void exitedNormallyWhenForcedBySigterm() {
        failure("exitedNormally").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[trapper, pid <pid>, TERMINATED, exited with code 0]\n"
                + "to have exited normally (with code 0, not forced by the stop ladder), but it exited with code 0,"
                + " ended on rung SIGTERM.\n"
                + "Timeline: +0ms launched pid <pid> · <t> ready · <t> stop requested (EVENT)"
                + " · <t> SIGTERM sent to the tree · <t> exited with code 0\n"
                + "Last lines:\n  [out] trapping\n  [out] trapped TERM"));
    }

    /** The process exits between two reads of the assertion: the message must still tell one story. */
    @Test
    void exitingWhileReadGivesOneStory() {
        String process = "\nExpecting process:\n  " + QUICK_PROCESS + "\n";
        String tail = "Timeline: +0ms launched pid <pid> · <t> exited with code 3\nLast lines:\n  first\n  second";
        failure("hasExitCodeExitingWhileRead").withMessageMatching(message(process
                + "to have exited with code 0, but it exited with code 3.\n" + tail));
        failure("wasKilledByExitingWhileRead").withMessageMatching(message(process
                + "to have been killed by SIGTERM, but it exited with code 3.\n" + tail));
        failure("endedOnExitingWhileRead").withMessageMatching(message(process
                + "to have ended on rung STOP_EVENT, but it exited with code 3, ended on rung EXITED_ON_ITS_OWN.\n"
                + tail));
        failure("exitedNormallyExitingWhileRead").withMessageMatching(message(process
                + "to have exited normally (with code 0, not forced by the stop ladder), but it exited with code 3,"
                + " ended on rung EXITED_ON_ITS_OWN.\n" + tail));
    }

    @Test
    void wasKilledBy() {
        failure("wasKilledBy").withMessageMatching(message("\nExpecting process:\n  " + QUICK_PROCESS + "\n"
                + "to have been killed by SIGTERM, but it exited with code 3.\n" + QUICK_TAIL));
    }

    @Test
    void endedOn() {
        failure("endedOn").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[sleep, pid <pid>, TERMINATED, killed by SIGKILL (exit code 137)]\n"
                + "to have ended on rung STOP_EVENT, but it was killed by SIGKILL (exit code 137), ended on rung"
                + " SIGKILL.\n"
                + "Timeline: +0ms launched pid <pid> · <t> SIGKILL sent to the tree"
                + " · <t> killed by SIGKILL (exit code 137)\nLast lines: (none)"));
    }

    @Test
    void stopsWithinWhenTheProcessIgnoresItsStopEvent() {
        failure("stopsWithin").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[deaf, pid <pid>, BLOCKED]\n"
                + "to stop within 300ms after its stop event was set, but it is still alive (BLOCKED) 300ms later.\n"
                + "Timeline: +0ms launched pid <pid> · <t> stop requested (EVENT)\nLast lines: (none)"));
    }

    @Test
    void stopsWithinWhenTheProcessHadEndedAlready() {
        failure("stopsWithinAfterExit").withMessageMatching(message("\nExpecting process:\n  " + QUICK_PROCESS
                + "\nto stop within 1.0s after its stop event was set, but it had already exited with code 3 before"
                + " its stop event was set.\n" + QUICK_TAIL));
    }

    @Test
    void outputContains() {
        failure("outputContains").withMessageMatching(message("\nExpecting output of process:\n  " + QUICK_PROCESS
                + "\nto contain:\n  \"third\"\nbut it does not.\n" + QUICK_TAIL));
    }

    @Test
    void outputContainsShowsTheLineBegunButNotEndedAsFailureReportsDo() {
        failure("outputContainsPrompt").withMessageMatching(message("\nExpecting output of process:\n"
                + "  ChildProcess[prompt, pid <pid>, BLOCKED]\n"
                + "to contain:\n  \"Password: secret\"\nbut it does not.\n"
                + "Timeline: +0ms launched pid <pid>\n"
                + "Last lines:\n  [out] booting\n  [out] Password:  (no line end yet)"));
    }

    @Test
    void outputDoesNotContain() {
        failure("outputDoesNotContain").withMessageMatching(message("\nExpecting output of process:\n  "
                + QUICK_PROCESS + "\nnot to contain:\n  \"con\"\nbut this line does:\n  \"second\"\n" + QUICK_TAIL));
    }

    @Test
    void outputDoesNotContainSearchesTheTextAsContainsDoes() {
        failure("outputDoesNotContainAcrossLines").withMessageMatching(message("\nExpecting output of process:\n  "
                + QUICK_PROCESS + "\nnot to contain:\n  \"first\nsecond\"\nbut these 2 lines do:\n  \"first\"\n"
                + "  \"second\"\n" + QUICK_TAIL));
    }

    @Test
    void outputHasLineMatching() {
        failure("outputHasLineMatching").withMessageMatching(message("\nExpecting output of process:\n  "
                + QUICK_PROCESS + "\nto have a line matching:\n  \"^sec$\"\nbut none of its 2 lines does.\n"
                + QUICK_TAIL));
    }

    @Test
    void outputHasLineMatchingCountsItsLinesInWords() {
        failure("oneLineMatching").withMessageMatching(message("\nExpecting output of process:\n"
                + "  ChildProcess[single, pid <pid>, TERMINATED, exited with code 0]\n"
                + "to have a line matching:\n  \"^none$\"\nbut its one line does not.\n"
                + "Timeline: +0ms launched pid <pid> · <t> exited with code 0\nLast lines:\n  [out] only"));
        failure("noLineMatching").withMessageMatching(message("\nExpecting output of process:\n"
                + "  ChildProcess[silent, pid <pid>, TERMINATED, exited with code 0]\n"
                + "to have a line matching:\n  \"^none$\"\nbut it has no lines.\n"
                + "Timeline: +0ms launched pid <pid> · <t> exited with code 0\nLast lines: (none)"));
    }

    @Test
    void outputContainsNothingIsRefused() {
        ChildproofTestKit.executeTestMethod(FailingTestCase.class, "containsNothing").hasSingleFailedTest()
                .isInstanceOf(IllegalArgumentException.class).withMessage("output().contains() was given no values,"
                        + " so it would check nothing; name at least one text.");
        ChildproofTestKit.executeTestMethod(FailingTestCase.class, "doesNotContainNothing").hasSingleFailedTest()
                .isInstanceOf(IllegalArgumentException.class).withMessage("output().doesNotContain() was given no"
                        + " values, so it would check nothing; name at least one text.");
    }

    @Test
    void outputHasLineMatchingNullNamesTheArgument() {
        ChildproofTestKit.executeTestMethod(FailingTestCase.class, "lineMatchingNull").hasSingleFailedTest()
                .isInstanceOf(NullPointerException.class).withMessage("regex");
    }

    @Test
    void showsTheLastTenLinesMarkedByStream() {
        failure("lastTenLines").withMessageMatching(message("\nExpecting process:\n"
                + "  ChildProcess[chatty, pid <pid>, TERMINATED, exited with code 1]\n"
                + "to have exited with code 0, but it exited with code 1.\n"
                + "Timeline: +0ms launched pid <pid> · <t> exited with code 1\n"
                + "Last lines:\n  [err] line 6\n  [err] line 7\n  [err] line 8\n  [err] line 9\n  [err] line 10\n"
                + "  [err] line 11\n  [err] line 12\n  [err] line 13\n  [err] line 14\n  [err] line 15"));
    }

    @Test
    void cutsLongLinesAsFailureReportsDo() {
        String cut = "x".repeat(300) + "... (299700 more characters)";
        String process = "\nExpecting process:\n  ChildProcess[wide, pid <pid>, TERMINATED, exited with code 1]\n";
        String tail = "Timeline: +0ms launched pid <pid> · <t> exited with code 1\nLast lines:\n  [out] " + cut
                + "\n  [out] done";
        failure("longLine").withMessageMatching(message(process
                + "to have exited with code 0, but it exited with code 1.\n" + tail));
        failure("longLineNotContained").withMessageMatching(message(process.replace("process:", "output of process:")
                + "not to contain:\n  \"xx\"\nbut this line does:\n  \"" + cut + "\"\n" + tail));
    }

    @Test
    void carriesTheDescription() {
        failure("described").withMessageMatching(message("[the quick one] \nExpecting process:\n  " + QUICK_PROCESS
                + "\nto have exited with code 0, but it exited with code 3.\n" + QUICK_TAIL));
    }

    @Test
    void outputCarriesTheDescription() {
        failure("describedOutput").withMessageMatching(message("[my worker] \nExpecting output of process:\n  "
                + QUICK_PROCESS + "\nto contain:\n  \"zzz\"\nbut it does not.\n" + QUICK_TAIL));
    }

    @Test
    void outputCarriesTheFailMessage() {
        failure("failMessageOutput").withMessage("the worker said nothing about zzz");
    }

    @Test
    void softAssertionsCollectOutputFailuresInCheck() {
        Throwable failure = failure("softly").throwable();
        Assertions.assertThat(failure).isInstanceOf(MultipleFailuresError.class);
        List<String> messages = ((MultipleFailuresError) failure).getFailures().stream().map(Throwable::getMessage)
                .collect(Collectors.toList());
        Assertions.assertThat(messages).hasSize(3);
        Assertions.assertThat(messages.get(0)).matches(collected("[the quick one] \nExpecting output of process:\n  "
                + QUICK_PROCESS + "\nto contain:\n  \"zzz\"\nbut it does not.\n" + QUICK_TAIL));
        Assertions.assertThat(messages.get(1)).matches(collected("\nExpecting output of process:\n  "
                + QUICK_PROCESS + "\nto have a line matching:\n  \"^third$\"\nbut none of its 2 lines does.\n"
                + QUICK_TAIL));
        Assertions.assertThat(messages.get(2)).matches(collected("\nExpecting process:\n  " + QUICK_PROCESS
                + "\nto have exited with code 0, but it exited with code 3.\n" + QUICK_TAIL));
    }

    /** {@link #message} followed by the line of the fixture that SoftAssertions adds to a collected failure. */
    static Pattern collected(String template) {
        return Pattern.compile(message(template)
                + "\nat AssertionsTests\\$FailingTestCase\\.\\S+\\(AssertionsTests\\$FailingTestCase\\.java:\\d+\\)",
                Pattern.DOTALL);
    }

    @Test
    void exitStatusHasCode() {
        failure("exitStatusHasCode").withMessage("\nExpecting exit status:\n  exited with code 3\n"
                + "to have code 0, but it has code 3.");
    }

    @Test
    void exitStatusIsSuccess() {
        failure("exitStatusIsSuccess").withMessage("\nExpecting exit status:\n  exited with code 3\n"
                + "to be a success (exit code 0), but it is not.");
    }

    @Test
    void exitStatusWasKilledBy() {
        failure("exitStatusWasKilledBy").withMessage("\nExpecting exit status:\n  exited with code 3\n"
                + "to say killed by SIGKILL, but it says the process exited with a code of its own.");
        failure("exitStatusWasKilledByAnother").withMessage("\nExpecting exit status:\n"
                + "  killed by SIGKILL (exit code 137)\nto say killed by SIGTERM, but it says killed by SIGKILL.");
    }

    static ExecutionResults.ThrowableResult failure(String method) {
        return ChildproofTestKit.executeTestMethod(FailingTestCase.class, method).hasSingleFailedTest()
                .isInstanceOf(AssertionError.class);
    }

    /** The expected message as a regular expression: {@code <pid>} stands for a pid, {@code <t>} for an offset. */
    static String message(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=<pid>|<t>)|(?<=<pid>|<t>)")) {
            regex.append(part.equals("<pid>") ? "\\d+" : part.equals("<t>") ? "\\+\\d+(?:\\.\\d)?m?s"
                    : Pattern.quote(part));
        }
        return regex.toString();
    }

    static class PassingTestCase {
        @Test
        void stopsWithinOnItsStopEvent(@SpawnedProcess(main = StopAware.class, args = "0", readyWhen = "ready")
                ChildProcess worker) {
            await().atMost(PATIENCE).until(worker::isBlocked);
            assertThat(worker).isAlive();
            assertThat(worker).stopsWithin(PATIENCE).isNotAlive().isInState(ProcessState.TERMINATED)
                    .exitedNormally().hasExitCode(0).endedOn(StopRung.STOP_EVENT)
                    .output().contains("ready", "stopping").hasLineMatching("^stop+ing$").doesNotContain("error");
            assertThat(worker.join()).isSuccess().hasCode(0);
        }

        @Test
        void killedBySigtermAsItsStopMethod(@SpawnedProcess(main = SleepForever.class,
                stopMethod = StopMethod.SIGTERM, readyWhen = "sleeping") ChildProcess sleeper) {
            assertThat(sleeper).stopsWithin(PATIENCE).wasKilledBy(Signal.SIGTERM).hasExitCode(143)
                    .endedOn(StopRung.STOP_EVENT);
            assertThat(sleeper.join()).wasKilledBy(Signal.SIGTERM).hasCode(143);
        }

        @Test
        void exitedOnItsOwn(@SpawnedProcess(command = {"sh", "-c", "echo done"}) ChildProcess quick) {
            quick.join();
            assertThat(quick).isNotAlive().exitedNormally().endedOn(StopRung.EXITED_ON_ITS_OWN)
                    .output().contains("done");
        }

        @Test
        void blocked(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleep) {
            await().atMost(PATIENCE).until(sleep::isBlocked);
            assertThat(sleep).isAlive().isInState(ProcessState.BLOCKED);
        }
    }

    static class FailingTestCase {
        @Test
        void isAlive(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).isAlive();
        }

        @Test
        void isNotAlive(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleep) {
            await().atMost(PATIENCE).until(sleep::isBlocked);
            assertThat(sleep).isNotAlive();
        }

        @Test
        void isInStateWhileRunning(@SpawnedProcess(command = {"sh", "-c", "echo spinning; while :; do :; done"},
                readyWhen = "spinning") ChildProcess spinner) {
            await().atMost(PATIENCE).until(spinner::isRunning);
            assertThat(spinner).isInState(ProcessState.BLOCKED);
        }

        @Test
        void isInStateOnceTerminated(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).isInState(ProcessState.RUNNING);
        }

        @Test
        void hasExitCode(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).hasExitCode(0);
        }

        @Test
        void hasExitCodeWhileAlive(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleep) {
            await().atMost(PATIENCE).until(sleep::isBlocked);
            assertThat(sleep).hasExitCode(0);
        }

        @Test
        void hasExitCodeWhileNew(@SpawnedProcess(command = {"sleep", "60"}, autoStart = false) ChildProcess idle) {
            assertThat(idle).hasExitCode(0);
        }

        @Test
        void exitedNormally(@SpawnedProcess(command = {"sh", "-c",
                "trap 'echo trapped TERM; exit 0' TERM; echo trapping; sleep 60 & wait"}, readyWhen = "trapping",
                stopMethod = StopMethod.EVENT) ChildProcess trapper) {
            trapper.stop(Duration.ofMillis(100));
            assertThat(trapper).exitedNormally();
        }

        @Test
        void hasExitCodeExitingWhileRead(@SpawnedProcess(command = {"sh", "-c", QUICK_ON_EOF}) ChildProcess quick) {
            assertThat(exitingWhenStateIsRead(quick)).hasExitCode(0);
        }

        @Test
        void wasKilledByExitingWhileRead(@SpawnedProcess(command = {"sh", "-c", QUICK_ON_EOF}) ChildProcess quick) {
            assertThat(exitingWhenStateIsRead(quick)).wasKilledBy(Signal.SIGTERM);
        }

        @Test
        void endedOnExitingWhileRead(@SpawnedProcess(command = {"sh", "-c", QUICK_ON_EOF}) ChildProcess quick) {
            assertThat(exitingWhenStateIsRead(quick)).endedOn(StopRung.STOP_EVENT);
        }

        @Test
        void exitedNormallyExitingWhileRead(@SpawnedProcess(command = {"sh", "-c", QUICK_ON_EOF})
                ChildProcess quick) {
            assertThat(exitingWhenStateIsRead(quick)).exitedNormally();
        }

        static final String QUICK_ON_EOF = "echo first; echo second; read x; exit 3";

        /**
         * The process, seen through a handle whose first {@code state()} returns the state of a live process but
         * makes it exit (end of input) and waits for that before returning: the process exits between that read
         * and the next.
         */
        static ChildProcess exitingWhenStateIsRead(ChildProcess process) {
            process.awaitLine("^second$", PATIENCE);
            AtomicBoolean first = new AtomicBoolean(true);
            return (ChildProcess) Proxy.newProxyInstance(ChildProcess.class.getClassLoader(),
                    new Class<?>[] {ChildProcess.class}, (proxy, method, args) -> {
                        Object result = invoke(method, process, args);
                        if (method.getName().equals("state") && first.getAndSet(false)) {
                            process.stdin().close();
                            process.join();
                        }
                        return result;
                    });
        }

        static Object invoke(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Test
        void wasKilledBy(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).wasKilledBy(Signal.SIGTERM);
        }

        @Test
        void endedOn(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleep) {
            sleep.kill();
            assertThat(sleep).endedOn(StopRung.STOP_EVENT);
        }

        @Test
        void stopsWithin(@SpawnedProcess(command = {"sleep", "60"}, stopMethod = StopMethod.EVENT)
                ChildProcess deaf) {
            await().atMost(PATIENCE).until(deaf::isBlocked);
            assertThat(deaf).stopsWithin(Duration.ofMillis(300));
        }

        @Test
        void stopsWithinAfterExit(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).stopsWithin(Duration.ofSeconds(1));
        }

        @Test
        void outputContains(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().contains("first", "third");
        }

        @Test
        void outputContainsPrompt(@SpawnedProcess(command = {"sh", "-c", "echo booting; printf 'Password: ';"
                + " exec sleep 60"}) ChildProcess prompt) {
            OutputCapture capture = ((ManagedProcess) prompt).capture();
            // nothing public shows a line not yet ended: the test's own wait for the prompt to be read
            await().atMost(PATIENCE).until(() -> OutputReport.of(capture).contains("Password:"));
            await().atMost(PATIENCE).until(prompt::isBlocked);
            assertThat(prompt).output().contains("Password: secret");
        }

        @Test
        void outputDoesNotContain(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().doesNotContain("third", "con");
        }

        @Test
        void outputDoesNotContainAcrossLines(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().contains("first\nsecond").doesNotContain("third", "first\nsecond");
        }

        @Test
        void outputHasLineMatching(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().hasLineMatching("^sec$");
        }

        @Test
        void oneLineMatching(@SpawnedProcess(command = {"sh", "-c", "echo only"}) ChildProcess single) {
            single.join();
            assertThat(single).output().hasLineMatching("^none$");
        }

        @Test
        void noLineMatching(@SpawnedProcess(command = {"true"}) ChildProcess silent) {
            silent.join();
            assertThat(silent).output().hasLineMatching("^none$");
        }

        @Test
        void lineMatchingNull(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().hasLineMatching(null);
        }

        @Test
        void containsNothing(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().contains();
        }

        @Test
        void doesNotContainNothing(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).output().doesNotContain();
        }

        @Test
        void lastTenLines(@SpawnedProcess(command = {"sh", "-c",
                "i=1; while [ $i -le 15 ]; do echo line $i >&2; i=$((i+1)); done; exit 1"}) ChildProcess chatty) {
            chatty.join();
            assertThat(chatty).hasExitCode(0);
        }

        static final String WIDE = "head -c 300000 /dev/zero | tr '\\0' x; echo; echo done; exit 1";

        @Test
        void longLine(@SpawnedProcess(command = {"sh", "-c", WIDE}) ChildProcess wide) {
            wide.join();
            assertThat(wide).hasExitCode(0);
        }

        @Test
        void longLineNotContained(@SpawnedProcess(command = {"sh", "-c", WIDE}) ChildProcess wide) {
            wide.join();
            assertThat(wide).output().doesNotContain("xx");
        }

        @Test
        void described(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).as("the quick one").hasExitCode(0);
        }

        @Test
        void describedOutput(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).as("my worker").output().contains("zzz");
        }

        @Test
        void failMessageOutput(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            assertThat(quick).withFailMessage("the worker said nothing about %s", "zzz").output().contains("zzz");
        }

        @Test
        void softly(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            quick.join();
            SoftAssertions softly = new SoftAssertions();
            softly.check(() -> assertThat(quick).as("the quick one").output().contains("zzz"));
            softly.check(() -> assertThat(quick).output().contains("first").hasLineMatching("^third$")
                    .doesNotContain("zzz"));
            softly.proxy(ChildProcessAssert.class, ChildProcess.class, quick).isNotAlive().hasExitCode(0);
            softly.assertAll();
        }

        @Test
        void exitStatusHasCode(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            assertThat(quick.join()).hasCode(0);
        }

        @Test
        void exitStatusIsSuccess(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            assertThat(quick.join()).isSuccess();
        }

        @Test
        void exitStatusWasKilledBy(@SpawnedProcess(command = {"sh", "-c", QUICK}) ChildProcess quick) {
            assertThat(quick.join()).wasKilledBy(Signal.SIGKILL);
        }

        @Test
        void exitStatusWasKilledByAnother(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleep) {
            assertThat(sleep.kill()).wasKilledBy(Signal.SIGTERM);
        }
    }
}
