package dev.childproof;

import dev.childproof.fixtures.StopAware;
import dev.childproof.internal.stop.ParentStopEvent;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@DisplayName("Stop events: set() reaches the child by its stop method, in any language")
class StopEventTests {

    static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void mainTargetsGetTheEventAndCommandsGetSigtermByDefault() {
        ChildproofTestKit.executeTestClass(DefaultMethodsTestCase.class).hasTests(1, 0);
    }

    @Test
    void eachStopMethodDeliversTheRequest() {
        ChildproofTestKit.executeTestClass(StopMethodsTestCase.class).hasTests(4, 0);
    }

    @Test
    void aChildThatLetsItsInputPipeFillUpIsStoppedByTheLadderThoughTheStdinDeliveryCannotBeWritten() {
        FullPipeTestCase.children.clear();
        // a wait on the pipe would block set() and the cleanup for ever: bounded here so that it fails instead
        var results = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ChildproofTestKit.executeTestClass(
                FullPipeTestCase.class), () -> "the cleanup waited on the pipe; the children are "
                + FullPipeTestCase.children.stream().peek(ChildProcess::kill).toList());
        results.hasTests(2, 0);
        assertThat(FullPipeTestCase.children).hasSize(2).allSatisfy(child -> assertThat(child.endedBy())
                .as("timeline %s", child.timeline()).contains(StopRung.SIGTERM));
    }

    @Test
    void pythonAndShellChildrenPollingTheStopFileStopOnSetAndExitZero() {
        ChildproofTestKit.executeTestClass(AnyLanguageTestCase.class).hasTests(1, 0);
    }

    @Test
    void processesNamingTheSameStopEventStopTogetherOnOneSet() {
        SharedEventTestCase.stopFiles.clear();
        ChildproofTestKit.executeTestClass(SharedEventTestCase.class).hasTests(1, 0);
        assertThat(SharedEventTestCase.stopFiles).hasSize(1).allSatisfy(file -> assertThat(file).doesNotExist());
    }

    @Test
    void aProcessStartedAfterItsEventWasSetIsAskedAtOnce() {
        ChildproofTestKit.executeTestClass(SetBeforeStartTestCase.class).hasTests(1, 0);
    }

    @Test
    void theStopFileLivesInAPrivateDirectoryAndIsRemovedAfterTheTest() {
        RunDirectoryTestCase.stopFiles.clear();
        ChildproofTestKit.executeTestClass(RunDirectoryTestCase.class).hasTests(1, 0);
        assertThat(RunDirectoryTestCase.stopFiles).hasSize(1);
        Path stopFile = RunDirectoryTestCase.stopFiles.get(0);
        assertThat(stopFile).doesNotExist();
        assertThat(stopFile.getParent()).isDirectory();
    }

    @Test
    void theLaddersFirstRungIsTheStopEventAndSigtermFollowsWhenItIsIgnored() {
        ChildproofTestKit.executeTestClass(LadderTestCase.class).hasTests(2, 0);
    }

    @Test
    void cleanupSetsTheStopEventOfEveryProcessTheTestLeftRunning() {
        CleanupTestCase.handles.clear();
        ChildproofTestKit.executeTestClass(CleanupTestCase.class).hasTests(1, 0);
        ChildProcess worker = CleanupTestCase.handles.get(0);
        assertThat(worker.endedBy()).contains(StopRung.STOP_EVENT);
        assertThat(worker.exitStatus().map(ExitStatus::code)).contains(0);
        assertThat(worker.stopEvent().isSet()).isTrue();
        assertThat(descriptions(worker)).containsSubsequence("stop requested (EVENT)", "exited with code 0")
                .noneMatch(event -> event.startsWith("SIG"));
    }

    static List<String> descriptions(ChildProcess process) {
        return process.timeline().events().stream().map(TimelineEvent::description).toList();
    }

    static void stopsOnItsOwn(ChildProcess process, int code) {
        assertThat(process.join(GENEROUS)).as("%s exited; timeline %s; output %s", process, descriptions(process),
                process.output().lines()).isPresent();
        assertThat(process.exitStatus().map(ExitStatus::code)).as("exit code of %s, output %s", process,
                process.output().lines()).contains(code);
        assertThat(process.endedBy()).as("rung that ended %s", process).contains(StopRung.STOP_EVENT);
    }

    static class DefaultMethodsTestCase {
        @SpawnedProcess(main = StopAware.class)
        ChildProcess java;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess command;

        @Test
        void defaults() {
            java.awaitLine("ready", GENEROUS);
            java.stopEvent().set();
            command.stopEvent().set();
            stopsOnItsOwn(java, 0);
            assertThat(command.join(GENEROUS).map(ExitStatus::toString)).contains("killed by SIGTERM (exit code 143)");
            assertThat(command.endedBy()).contains(StopRung.STOP_EVENT);
            assertThat(descriptions(java)).contains("stop requested (EVENT)");
            assertThat(descriptions(command)).contains("stop requested (SIGTERM)");
        }
    }

    static class StopMethodsTestCase {
        @Test
        void sigterm(@SpawnedProcess(command = {"sh", "-c", "trap 'echo got TERM; exit 0' TERM; echo ready;"
                + " while :; do sleep 0.05; done"}, readyWhen = "ready", stopMethod = StopMethod.SIGTERM)
                ChildProcess child) {
            child.stopEvent().set();
            stopsOnItsOwn(child, 0);
            assertThat(child.output().lines()).contains("got TERM");
        }

        /**
         * Waits in short sleeps, not one {@code time.sleep(60)}: CPython runs a handler between bytecodes, so a
         * SIGINT that lands after {@code ready} but before the sleep's system call (the child preempted there on a
         * loaded machine, the whole suite in one JVM) was handled only when that call returned, 60 s later.
         */
        @Test
        void sigint(@SpawnedProcess(command = {"/usr/bin/python3", "-c", "import signal, sys, time\n"
                + "signal.signal(signal.SIGINT, lambda *a: (print('got INT', flush=True), sys.exit(0)))\n"
                + "print('ready', flush=True)\n"
                + "while True:\n"
                + "    time.sleep(0.05)"}, readyWhen = "ready", stopMethod = StopMethod.SIGINT) ChildProcess child) {
            child.stopEvent().set();
            stopsOnItsOwn(child, 0);
            assertThat(child.output().lines()).contains("got INT");
            assertThat(descriptions(child)).contains("stop requested (SIGINT)");
        }

        @Test
        void closeStdin(@SpawnedProcess(command = {"sh", "-c", "echo ready; cat > /dev/null; echo got EOF"},
                readyWhen = "ready", stopMethod = StopMethod.CLOSE_STDIN) ChildProcess child) {
            child.stopEvent().set();
            stopsOnItsOwn(child, 0);
            assertThat(child.output().lines()).contains("got EOF");
        }

        @Test
        void stdinLine(@SpawnedProcess(command = {"sh", "-c", "echo ready; while read line; do echo \"read $line\";"
                + " [ \"$line\" = quit ] && exit 0; done; exit 9"}, readyWhen = "ready",
                stopMethod = StopMethod.STDIN_LINE, stopLine = "quit") ChildProcess child) {
            child.sendLine("hello");
            child.awaitLine("read hello", GENEROUS);
            child.stopEvent().set();
            stopsOnItsOwn(child, 0);
            assertThat(child.output().lines()).containsExactly("ready", "read hello", "read quit");
        }
    }

    /** Children that never read their input, whose pipe the test fills to its 64 KiB. */
    static class FullPipeTestCase {
        static final List<ChildProcess> children = new CopyOnWriteArrayList<>();
        private static final String SILENT = "echo ready; exec sleep 60";

        @Test
        void stopLine(@SpawnedProcess(command = {"sh", "-c", SILENT}, readyWhen = "ready",
                stopMethod = StopMethod.STDIN_LINE, stopTimeout = "1s", killTimeout = "5s") ChildProcess child)
                throws IOException {
            children.add(child);
            child.stdin().write(new byte[65536]); // the pipe's capacity: the write returns, the stop line cannot
            child.stdin().flush();
        }

        @Test
        void closeWithUnflushedBytes(@SpawnedProcess(command = {"sh", "-c", SILENT}, readyWhen = "ready",
                stopMethod = StopMethod.CLOSE_STDIN, stopTimeout = "1s", killTimeout = "5s") ChildProcess child)
                throws IOException {
            children.add(child);
            child.stdin().write(new byte[65536]);
            child.stdin().write(new byte[10]); // left in the stream's buffer: closing it flushes them first
        }
    }

    static class AnyLanguageTestCase {
        @SpawnedProcess(command = {"/usr/bin/python3", "-c", "import os, time\n"
                + "print('ready', flush=True)\n"
                + "while not os.path.exists(os.environ['CHILDPROOF_STOP_FILE']):\n"
                + "    time.sleep(0.01)\n"
                + "print('stopping', flush=True)"}, readyWhen = "ready", stopMethod = StopMethod.EVENT)
        ChildProcess python;

        @SpawnedProcess(command = {"sh", "-c", "echo ready; while [ ! -e \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.01;"
                + " done; echo stopping"}, readyWhen = "ready", stopMethod = StopMethod.EVENT)
        ChildProcess shell;

        @Test
        void stopOnSet() {
            python.stopEvent().set();
            shell.stopEvent().set();
            stopsOnItsOwn(python, 0);
            stopsOnItsOwn(shell, 0);
            assertThat(python.output().lines()).containsExactly("ready", "stopping");
            assertThat(shell.output().lines()).containsExactly("ready", "stopping");
        }
    }

    static class SharedEventTestCase {
        static final List<Path> stopFiles = new CopyOnWriteArrayList<>();

        @SpawnedProcess(main = StopAware.class, stopEvent = "fleet")
        ChildProcess java;

        @SpawnedProcess(command = {"/usr/bin/python3", "-c", "import os, time\n"
                + "print('ready', flush=True)\n"
                + "while not os.path.exists(os.environ['CHILDPROOF_STOP_FILE']):\n"
                + "    time.sleep(0.01)"}, readyWhen = "ready", stopMethod = StopMethod.EVENT, stopEvent = "fleet")
        ChildProcess python;

        @SpawnedProcess(command = {"sh", "-c", "trap 'exit 0' TERM; echo ready; while :; do sleep 0.05; done"},
                readyWhen = "ready", stopEvent = "fleet")
        ChildProcess shell;

        @SpawnedProcess(main = StopAware.class)
        ChildProcess loner;

        @Test
        void oneSetStopsThemAll() {
            java.awaitLine("ready", GENEROUS);
            assertThat(python.stopEvent()).isSameAs(java.stopEvent()).isSameAs(shell.stopEvent())
                    .isNotSameAs(loner.stopEvent());
            stopFiles.add(((ParentStopEvent) shell.stopEvent()).stopFile());
            shell.stopEvent().set();
            stopsOnItsOwn(java, 0);
            stopsOnItsOwn(python, 0);
            stopsOnItsOwn(shell, 0);
            assertThat(loner.isAlive()).isTrue();
            assertThat(loner.stopEvent().isSet()).isFalse();
        }
    }

    static class SetBeforeStartTestCase {
        @SpawnedProcess(main = StopAware.class, args = "6", autoStart = false, stopEvent = "late")
        ChildProcess late;

        @SpawnedProcess(command = {"sleep", "60"}, autoStart = false, stopEvent = "late")
        ChildProcess lateCommand;

        @Test
        void askedAtStart() {
            late.stopEvent().set();
            late.start();
            lateCommand.start();
            stopsOnItsOwn(late, 6);
            assertThat(lateCommand.join(GENEROUS).map(ExitStatus::toString))
                    .contains("killed by SIGTERM (exit code 143)");
            // the request is said before the launch: an exit it causes is the stop event's however soon it comes
            assertThat(descriptions(late)).containsSubsequence("stop requested (EVENT)", "launched pid " + late.pid(),
                    "exited with code 6");
        }
    }

    static class RunDirectoryTestCase {
        static final List<Path> stopFiles = new CopyOnWriteArrayList<>();

        @SpawnedProcess(command = {"sh", "-c", "echo \"file $CHILDPROOF_STOP_FILE\"; while [ ! -e"
                + " \"$CHILDPROOF_STOP_FILE\" ]; do sleep 0.01; done"}, stopMethod = StopMethod.EVENT)
        ChildProcess child;

        @Test
        void privateDirectory() throws Exception {
            String line = child.awaitLine("file .*", GENEROUS);
            Path stopFile = Paths.get(line.substring("file ".length()));
            stopFiles.add(stopFile);
            assertThat(stopFile).isAbsolute().doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stopFile.getParent())))
                    .isEqualTo("rwx------");
            child.stopEvent().set();
            assertThat(stopFile).exists();
            stopsOnItsOwn(child, 0);
        }
    }

    static class LadderTestCase {
        @Test
        void stopAsksFirst(@SpawnedProcess(main = StopAware.class, args = "4") ChildProcess worker) {
            worker.awaitLine("ready", GENEROUS);
            assertThat(worker.stop().code()).isEqualTo(4);
            assertThat(worker.endedBy()).contains(StopRung.STOP_EVENT);
            assertThat(descriptions(worker)).containsSubsequence("stop requested (EVENT)", "exited with code 4");
        }

        @Test
        void sigtermFollowsAnIgnoredEvent(@SpawnedProcess(command = {"sh", "-c", "echo ready; exec sleep 60"},
                readyWhen = "ready", stopMethod = StopMethod.EVENT) ChildProcess sleeper) {
            assertThat(sleeper.stop(Duration.ofMillis(200))).hasToString("killed by SIGTERM (exit code 143)");
            assertThat(sleeper.endedBy()).contains(StopRung.SIGTERM);
            assertThat(descriptions(sleeper)).containsSubsequence("stop requested (EVENT)",
                    "SIGTERM sent to the tree", "killed by SIGTERM (exit code 143)");
        }
    }

    static class CleanupTestCase {
        static final List<ChildProcess> handles = new CopyOnWriteArrayList<>();

        @SpawnedProcess(main = StopAware.class)
        ChildProcess worker;

        @Test
        void leavesItRunning() {
            handles.add(worker);
            worker.awaitLine("ready", GENEROUS);
        }
    }
}
