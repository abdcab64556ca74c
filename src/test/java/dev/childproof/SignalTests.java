package dev.childproof;

import dev.childproof.internal.os.SignalTable;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.childproof.ChildproofAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Signals: by name, with the running system's numbers")
class SignalTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * Catches every signal it may catch and says which one came, with the number its own C library gives it. Waits in
     * short sleeps, not {@code signal.pause()}: CPython runs a handler between bytecodes, so a signal that lands
     * after the loop's last look and before {@code pause(2)} (the child preempted there) was handled only at the
     * next signal, which the test sends only once this one is said.
     */
    static final String CATCHER = "import signal, time\n"
            + "def on(n, frame):\n"
            + "    print('got %s %d' % (signal.Signals(n).name, n), flush=True)\n"
            + "for s in signal.Signals:\n"
            + "    try:\n"
            + "        signal.signal(s, on)\n"
            + "    except (OSError, ValueError, RuntimeError):\n"
            + "        pass\n"
            + "print('catching', flush=True)\n"
            + "while True:\n"
            + "    time.sleep(0.05)\n";

    /** Writes a numbered tick every 20 ms. */
    static final String TICKER = "import time\n"
            + "n = 0\n"
            + "while True:\n"
            + "    n += 1\n"
            + "    print('tick %d' % n, flush=True)\n"
            + "    time.sleep(0.02)\n";

    @Test
    void sendsEveryCatchableSignalByNameAndTheChildReceivesTheNumberWeKnow() {
        ChildproofTestKit.executeTestClass(CatcherTestCase.class).hasTests(1, 0);
    }

    @Test
    void aSignalWhoseDefaultActionEndsTheProcessIsDecodedFromTheExitCode() {
        ChildproofTestKit.executeTestClass(DefaultActionTestCase.class).hasTests(4, 0);
    }

    @Test
    void suspendStopsTheProcessAndResumeContinuesIt() {
        ChildproofTestKit.executeTestClass(SuspendTestCase.class).hasTests(1, 0);
    }

    static class CatcherTestCase {
        @SpawnedProcess(command = {"/usr/bin/python3", "-c", CATCHER}, readyWhen = "^catching$")
        ChildProcess catcher;

        @Test
        void catchesEach() {
            Set<Signal> catchable = EnumSet.complementOf(EnumSet.of(Signal.SIGKILL, Signal.SIGSTOP));
            if (Runtime.version().feature() < 20) {
                catchable.remove(Signal.SIGQUIT); // blocked in every child of these JDKs: see the test below
            }
            for (Signal signal : catchable) {
                catcher.signal(signal);
                catcher.awaitLine("^got " + signal + " " + signal.number() + "$", PATIENCE);
            }
            assertThat(catcher).isAlive();
            assertThat(catcher.timeline().events().stream().map(TimelineEvent::description)
                    .filter(d -> d.endsWith(" sent"))).containsExactlyElementsOf(
                            catchable.stream().map(s -> s + " sent").collect(Collectors.toList()));
        }
    }

    @Test
    void sigquitIsBlockedInEveryChildOfJdksBefore20() {
        ChildproofTestKit.executeTestClass(QuitTestCase.class).hasTests(1, 0);
    }

    /**
     * JDK 17 to 19 start every child with SIGQUIT blocked (the JVM blocks it in its own threads for thread dumps,
     * and the child inherits the spawning thread's mask: JDK-8234262, fixed in JDK 20). A signal(SIGQUIT) then
     * stays pending in the child: a JVM child still takes it (its signal dispatcher unblocks it), other programs
     * never see it.
     */
    static class QuitTestCase {
        @SpawnedProcess(command = {"/usr/bin/python3", "-c", CATCHER}, readyWhen = "^catching$")
        ChildProcess catcher;

        @Test
        void quit() throws Exception {
            long quitBit = 1L << (Signal.SIGQUIT.number() - 1);
            boolean blocked = (statusMask(catcher.pid(), "SigBlk") & quitBit) != 0;
            assertThat(blocked).as("SIGQUIT blocked in the child on JDK %s", Runtime.version().feature())
                    .isEqualTo(Runtime.version().feature() < 20);
            catcher.signal(Signal.SIGQUIT);
            if (blocked) {
                await().atMost(PATIENCE).until(() -> (statusMask(catcher.pid(), "ShdPnd") & quitBit) != 0);
                assertThat(catcher.output().lines()).containsExactly("catching");
            } else {
                catcher.awaitLine("^got SIGQUIT 3$", PATIENCE);
            }
        }

        static long statusMask(long pid, String field) throws java.io.IOException {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .mapToLong(line -> Long.parseUnsignedLong(line.substring(field.length() + 1).trim(), 16))
                    .findFirst().orElseThrow();
        }
    }

    static class DefaultActionTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess sleep;

        @Test
        void userSignal() {
            sleep.signal(Signal.SIGUSR1);
            assertThat(sleep.join()).wasKilledBy(Signal.SIGUSR1).hasCode(128 + Signal.SIGUSR1.number());
            assertThat(sleep).wasKilledBy(Signal.SIGUSR1).endedOn(StopRung.EXITED_ON_ITS_OWN);
            assertThat(sleep.join().toString())
                    .isEqualTo("killed by SIGUSR1 (exit code " + (128 + Signal.SIGUSR1.number()) + ")");
        }

        @Test
        void cpuTimeLimit() {
            sleep.signal(Signal.SIGXCPU);
            assertThat(sleep.join().toString()).isEqualTo("killed by SIGXCPU (exit code 152)");
        }

        @Test
        void kill() {
            sleep.signal(Signal.SIGKILL);
            assertThat(sleep.join()).wasKilledBy(Signal.SIGKILL).hasCode(137);
        }

        @Test
        void stopAndContinueByName() {
            sleep.signal(Signal.SIGSTOP);
            await().atMost(PATIENCE).until(sleep::isSuspended);
            sleep.signal(Signal.SIGCONT);
            await().atMost(PATIENCE).until(sleep::isBlocked);
        }
    }

    static class SuspendTestCase {
        @SpawnedProcess(command = {"/usr/bin/python3", "-c", TICKER}, readyWhen = "^tick 1$")
        ChildProcess ticker;

        @Test
        void suspendAndResume() {
            ticker.suspend();
            await().atMost(PATIENCE).until(ticker::isSuspended);
            // a tick written just before the stop may still be on its way through the pipe to the drainer: count the
            // lines once two readings a poll apart agree (a ticker still running writes five lines in between)
            AtomicInteger last = new AtomicInteger(-1);
            int frozen = await().atMost(PATIENCE).until(() -> {
                int now = ticker.output().lines().size();
                return last.getAndSet(now) == now ? now : null;
            }, Objects::nonNull);
            await().during(Duration.ofMillis(300)).atMost(PATIENCE)
                    .until(() -> ticker.output().lines().size() == frozen);
            ticker.resume();
            await().atMost(PATIENCE).until(() -> ticker.output().lines().size() > frozen + 3);
        }
    }

    // ---- the tables, for both systems, whatever system runs the tests

    static final SignalTable LINUX = SignalTable.forOsName("Linux");
    static final SignalTable MAC = SignalTable.forOsName("Mac OS X");

    @Test
    void theRunningSystemsTableIsChosenAtRunTime() {
        assertThat(SignalTable.current()).isSameAs(SignalTable.forOsName(System.getProperty("os.name")));
        assertThat(LINUX).hasToString("SignalTable[Linux]");
        assertThat(MAC).hasToString("SignalTable[macOS/BSD]");
        assertThat(SignalTable.forOsName("FreeBSD")).isSameAs(MAC);
        assertThat(SignalTable.forOsName("Darwin")).isSameAs(MAC);
    }

    @Test
    void bothTablesListEverySignalOnceWithItsNumber() {
        Map<Signal, Integer> linux = Arrays.stream(Signal.values())
                .collect(Collectors.toMap(s -> s, s -> s.number(LINUX)));
        Map<Signal, Integer> mac = Arrays.stream(Signal.values()).collect(Collectors.toMap(s -> s, s -> s.number(MAC)));
        assertThat(linux).containsEntry(Signal.SIGHUP, 1).containsEntry(Signal.SIGINT, 2)
                .containsEntry(Signal.SIGBUS, 7).containsEntry(Signal.SIGKILL, 9).containsEntry(Signal.SIGUSR1, 10)
                .containsEntry(Signal.SIGUSR2, 12).containsEntry(Signal.SIGTERM, 15)
                .containsEntry(Signal.SIGCHLD, 17).containsEntry(Signal.SIGCONT, 18)
                .containsEntry(Signal.SIGSTOP, 19).containsEntry(Signal.SIGTSTP, 20)
                .containsEntry(Signal.SIGURG, 23).containsEntry(Signal.SIGXCPU, 24).containsEntry(Signal.SIGPROF, 27)
                .containsEntry(Signal.SIGWINCH, 28).containsEntry(Signal.SIGSYS, 31);
        assertThat(mac).containsEntry(Signal.SIGHUP, 1).containsEntry(Signal.SIGINT, 2)
                .containsEntry(Signal.SIGBUS, 10).containsEntry(Signal.SIGKILL, 9).containsEntry(Signal.SIGUSR1, 30)
                .containsEntry(Signal.SIGUSR2, 31).containsEntry(Signal.SIGTERM, 15)
                .containsEntry(Signal.SIGCHLD, 20).containsEntry(Signal.SIGCONT, 19)
                .containsEntry(Signal.SIGSTOP, 17).containsEntry(Signal.SIGTSTP, 18)
                .containsEntry(Signal.SIGURG, 16).containsEntry(Signal.SIGXCPU, 24).containsEntry(Signal.SIGPROF, 27)
                .containsEntry(Signal.SIGWINCH, 28).containsEntry(Signal.SIGSYS, 12);
        assertThat(Set.copyOf(linux.values())).hasSize(Signal.values().length);
        assertThat(Set.copyOf(mac.values())).hasSize(Signal.values().length);
        for (Signal signal : Signal.values()) {
            assertThat(Signal.ofNumber(signal.number(LINUX), LINUX)).contains(signal);
            assertThat(Signal.ofNumber(signal.number(MAC), MAC)).contains(signal);
        }
        assertThat(LINUX.names()).isEqualTo(MAC.names());
        assertThat(LINUX.names()).containsExactlyElementsOf(
                Arrays.stream(Signal.values()).map(Signal::shortName).collect(Collectors.toList()));
    }

    @Test
    void exitCodesAreDecodedWithEachSystemsNumbers() {
        assertThat(ExitStatus.decode(137, true, LINUX)).hasToString("killed by SIGKILL (exit code 137)");
        assertThat(ExitStatus.decode(137, true, MAC)).hasToString("killed by SIGKILL (exit code 137)");
        assertThat(ExitStatus.decode(143, true, LINUX)).hasToString("killed by SIGTERM (exit code 143)");
        assertThat(ExitStatus.decode(138, true, LINUX)).hasToString("killed by SIGUSR1 (exit code 138)");
        assertThat(ExitStatus.decode(138, true, MAC)).hasToString("killed by SIGBUS (exit code 138)");
        assertThat(ExitStatus.decode(158, true, MAC)).hasToString("killed by SIGUSR1 (exit code 158)");
        assertThat(ExitStatus.decode(158, true, LINUX)).hasToString("exited with code 158");
        // signals no process dies of: such a code is the process's own
        assertThat(ExitStatus.decode(146, true, LINUX)).hasToString("exited with code 146"); // SIGCONT
        assertThat(ExitStatus.decode(146, true, MAC)).hasToString("exited with code 146"); // SIGTSTP
        assertThat(ExitStatus.decode(147, true, LINUX)).hasToString("exited with code 147"); // SIGSTOP
        assertThat(ExitStatus.decode(145, true, LINUX).signal()).isEmpty(); // SIGCHLD
        assertThat(ExitStatus.decode(156, true, LINUX)).hasToString("exited with code 156"); // SIGWINCH
        assertThat(ExitStatus.decode(141, true, LINUX)).hasToString("killed by SIGPIPE (exit code 141)");
        assertThat(ExitStatus.decode(159, true, LINUX)).hasToString("killed by SIGSYS (exit code 159)");
        assertThat(ExitStatus.decode(140, true, MAC)).hasToString("killed by SIGSYS (exit code 140)");
        assertThat(ExitStatus.decode(3, true, LINUX)).hasToString("exited with code 3");
        assertThat(ExitStatus.decode(128, true, LINUX)).hasToString("exited with code 128");
        assertThat(ExitStatus.decode(143, false, LINUX)).hasToString("exited with code 143");
        assertThat(ExitStatus.decode(143, false, LINUX).signal()).isEmpty();
        assertThat(ExitStatus.decode(0, true, MAC).isSuccess()).isTrue();
        assertThat(ExitStatus.of(137)).isEqualTo(ExitStatus.decode(137, true, SignalTable.current()));
    }
}
