package dev.childproof;

import dev.childproof.fixtures.Flood;
import dev.childproof.fixtures.ListenOn;
import dev.childproof.fixtures.ListenOnPort;
import dev.childproof.fixtures.ReadyByFile;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static dev.childproof.OutputTests.expectedLog;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Readiness: readyWhen, readyOnPort, readyFile")
class ReadinessTests {

    @Test
    void startsTheTestOnlyOnceAReadyLineAfterFiveMiBOfOutputArrived() {
        ChildproofTestKit.executeTestClass(LineAfterFloodTestCase.class).hasTests(1, 0);
    }

    @Test
    void waitsForThePortToAcceptConnections() {
        ChildproofTestKit.executeTestClass(PortTestCase.class).hasTests(1, 0);
    }

    @Test
    void seesAServerThatListensOnlyOnTheIpv6Loopback() {
        Assumptions.assumeTrue(ListenOn.hasIpv6Loopback(), "this machine has no IPv6 loopback address");
        ChildproofTestKit.executeTestClass(Ipv6OnlyTestCase.class).hasTests(1, 0);
    }

    @Test
    void doesNotUseUpTheConnectionOfAOneConnectionServer() {
        ChildproofTestKit.executeTestClass(OneConnectionTestCase.class).hasTests(1, 0);
    }

    /**
     * The test JVM's socket on the port stands for another server there, a stale one of an earlier run, or another
     * test's probe that holds the port for a moment (which once made a CI run's IPv6 test talk to nobody): it was
     * running before the child, so it does not make the child ready, and the failure names it.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aListenerOfAProcessRunningBeforeTheChildDoesNotMakeItReady() throws IOException {
        try (ServerSocket older = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PortHeldTestCase.port = older.getLocalPort();
            ChildproofTestKit.executeTestClass(PortHeldTestCase.class).hasSingleFailedTest()
                    .isInstanceOf(ProcessNotReadyException.class)
                    .withMessage("Process [server] was not ready within 1.0s (port " + older.getLocalPort()
                            + " is held by " + thisJvm() + ", a process that was running before this one started (if"
                            + " that process serves this one, as a port forwarder or a daemon does, set"
                            + " childproof.ready.port.listener=any)) and is still running.\n"
                            + "Last line of output:\n"
                            + "  [out] waiting\n"
                            + "Full log: " + expectedLog(PortHeldTestCase.class, "neverRuns", "server"));
            assertThat(PortHeldTestCase.ran).isFalse();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aServerThatCannotBindAPortHeldBeforeItFailsAtOnceNamingTheHolder() throws IOException {
        long start = System.nanoTime();
        try (ServerSocket older = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PortTakenTestCase.port = older.getLocalPort();
            ChildproofTestKit.executeTestClass(PortTakenTestCase.class).hasSingleFailedTest()
                    .isInstanceOf(ProcessNotReadyException.class)
                    .withMessage("Process [server] exited with code 3 before it was ready (port " + older.getLocalPort()
                            + " is held by " + thisJvm() + ", a process that was running before this one started (if"
                            + " that process serves this one, as a port forwarder or a daemon does, set"
                            + " childproof.ready.port.listener=any)).\n"
                            + "Last line of output:\n"
                            + "  [out] cannot bind: Address already in use\n"
                            + "Full log: " + expectedLog(PortTakenTestCase.class, "neverRuns", "server"));
            assertThat(PortTakenTestCase.ran).isFalse();
        }
        // the readiness timeout is 60s: the exit was noticed when it happened
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    /**
     * {@code childproof.ready.port.listener=any}: a socket of a process that was running before the child (here the
     * test JVM's, standing for a port forwarder or a daemon that listens on the child's behalf) counts.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void anyListenerCountsWhenConfiguredSo() throws IOException {
        try (ServerSocket older = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AnyListenerTestCase.port = older.getLocalPort();
            ChildproofTestKit.executeTestClass(AnyListenerTestCase.class,
                    Map.of("childproof.ready.port.listener", "any")).hasTests(1, 0);
            assertThat(AnyListenerTestCase.ran).isTrue();
        }
    }

    /** A server that a shell starts in the background: the listener is the child's child. */
    @Test
    void seesAServerTheChildStarted() {
        ChildproofTestKit.executeTestClass(GrandchildServerTestCase.class).hasTests(1, 0);
    }

    private static String thisJvm() {
        long pid = ProcessHandle.current().pid();
        return "pid " + pid + " (" + OperatingSystem.current().commandLine(pid) + ")";
    }

    @Test
    void waitsForTheChildToCreateItsReadyFile() {
        ChildproofTestKit.executeTestClass(ReadyFileTestCase.class).hasTests(1, 0);
    }

    @Test
    void failsAtOnceWhenTheProcessExitsBeforeItIsReady() {
        long start = System.nanoTime();
        ChildproofTestKit.executeTestClass(ExitsFirstTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ProcessNotReadyException.class)
                .withMessage("Process [server] exited with code 3 before it was ready (no line matched /listening/).\n"
                        + "Last 2 lines of output:\n"
                        + "  [out] starting\n"
                        + "  [out] cannot bind\n"
                        + "Full log: " + expectedLog(ExitsFirstTestCase.class, "neverRuns", "server"));
        assertThat(ExitsFirstTestCase.ran).isFalse();
        // the readiness timeout is 60s: the exit was noticed when it happened
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void failsAtOnceWhenTheProcessExitsBeforeItIsReadyThoughAGrandchildHoldsItsOutput() {
        long start = System.nanoTime();
        ChildproofTestKit.executeTestClass(OrphanHoldsOutputTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ProcessNotReadyException.class)
                .withMessage("Process [server] exited with code 3 before it was ready (no line matched /listening/).\n"
                        + "Last line of output:\n"
                        + "  [out] starting\n"
                        + "Full log: " + expectedLog(OrphanHoldsOutputTestCase.class, "neverRuns", "server"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void failsWhenTheProcessIsNotReadyWithinTheTimeout() {
        ChildproofTestKit.executeTestClass(TooSlowTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ProcessNotReadyException.class)
                .withMessage("Process [slow] was not ready within 1.0s (no line matched /listening/, port 9 did not"
                        + " accept connections) and is still running.\n"
                        + "Last line of output:\n"
                        + "  [out] warming up\n"
                        + "Full log: " + expectedLog(TooSlowTestCase.class, "neverRuns", "slow"));
    }

    @Test
    void aNotReadyFailureShowsTheLineTheProcessHasBegunButNotEnded() {
        ChildproofTestKit.executeTestClass(PartialLineTestCase.class).hasSingleFailedTest()
                .isInstanceOf(ProcessNotReadyException.class)
                .withMessage("Process [server] was not ready within 2.0s (no line matched /^ready$/) and is still"
                        + " running.\n"
                        + "Last line of output:\n"
                        + "  [out] ready (no line end yet)\n"
                        + "Full log: " + expectedLog(PartialLineTestCase.class, "neverRuns", "server"));
    }

    @Test
    void failsTheClassWhenAStaticProcessIsNeverReady() {
        ChildproofTestKit.executeTestClass(StaticExitsFirstTestCase.class).hasSingleFailedContainer()
                .isInstanceOf(ProcessNotReadyException.class)
                .withMessage("Process [shared] exited with code 0 before it was ready (it did not create its ready"
                        + " file).\n"
                        + "No output."); // and no log file: it wrote nothing
    }

    @Test
    void startReturnsOnlyOnceAManuallyStartedProcessIsReady() {
        ChildproofTestKit.executeTestClass(ManualStartTestCase.class).hasTests(1, 0);
    }

    static class LineAfterFloodTestCase {
        @SpawnedProcess(main = Flood.class, args = {"5", "0", "READY", "hold"}, readyWhen = "^READY$")
        ChildProcess flood;

        @BeforeEach
        void alreadyReady() {
            List<String> lines = flood.output().stdoutLines();
            assertThat(lines.get(lines.size() - 1)).isEqualTo("READY");
        }

        @Test
        void isReady() {
            assertThat(flood.state()).isIn(ProcessState.RUNNING, ProcessState.BLOCKED);
        }
    }

    /**
     * A port found free when the test runs, not a fixed one: another test JVM on the machine (a second Surefire fork,
     * another checkout's build) may hold any fixed port, and then the child cannot bind it, or the check connects to
     * the other's server. The spawner takes the port at run time; the annotation's {@code readyOnPort} is read by the
     * same declaration code ({@link TooSlowTestCase}, {@code BadInputTests.readyOnPortOutOfRange}).
     */
    @Childproof
    static class PortTestCase {
        @Test
        void accepts(ProcessSpawner spawner) throws Exception {
            Served served = onFreePort(port -> spawner.main(ListenOnPort.class).args("" + port).readyOnPort(port)
                    .spawn());
            ChildProcess server = served.server();
            int port = served.port();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(socket.isConnected()).isTrue();
            }
            assertThat(server.isAlive()).as("the child that bound the port").isTrue();
        }
    }

    /** A server and the port it listens on. */
    record Served(ChildProcess server, int port) {
    }

    /**
     * Spawns a server on a port found free, and again on another when a moment's socket of another test took the
     * port before the child bound it (the failure shows {@code Address already in use}): these tests are about
     * readiness, not that race.
     */
    static Served onFreePort(IntFunction<ChildProcess> spawn) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                return new Served(spawn.apply(port), port);
            } catch (ProcessNotReadyException e) {
                if (attempt == 3 || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** A port free on both loopback addresses now, or on IPv4's without IPv6 (the child binds it a moment later). */
    static int freePort() {
        try (ServerSocket v4 = new ServerSocket()) {
            v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            if (ListenOn.hasIpv6Loopback()) {
                try (ServerSocket v6 = new ServerSocket()) {
                    v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.getLocalPort()));
                }
            }
            return v4.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As a Node 17+ server listening on {@code localhost}, which resolves to {@code ::1} first. */
    @Childproof
    static class Ipv6OnlyTestCase {
        @Test
        void isReady(ProcessSpawner spawner) throws IOException {
            Served served = onFreePort(port -> spawner.main(ListenOn.class).args("::1", "" + port).readyOnPort(port)
                    .readyTimeout(Duration.ofSeconds(20)).spawn());
            ChildProcess server = served.server();
            int port = served.port();
            try (Socket socket = new Socket(InetAddress.getByName("::1"), port)) {
                assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine()).isEqualTo("hello");
            }
            // its output reaches the test through a drainer thread, which may not have read it yet: waited for
            assertThat(server.awaitLine("^listening on", Duration.ofSeconds(20))).isEqualTo("listening on ::1");
            assertThat(server.output().lines()).first().isEqualTo("listening on ::1");
        }
    }

    @Childproof
    static class PortHeldTestCase {
        static volatile int port;
        static volatile boolean ran;

        @Test
        void neverRuns(ProcessSpawner spawner) {
            spawner.command("sh", "-c", "echo waiting; exec sleep 60").name("server").readyOnPort(port)
                    .readyTimeout(Duration.ofSeconds(1)).spawn();
            ran = true;
        }
    }

    @Childproof
    static class AnyListenerTestCase {
        static volatile int port;
        static volatile boolean ran;

        @Test
        void runs(ProcessSpawner spawner) {
            spawner.command("sh", "-c", "echo waiting; exec sleep 60").name("server").readyOnPort(port)
                    .readyTimeout(Duration.ofSeconds(30)).spawn();
            ran = true;
        }
    }

    @Childproof
    static class PortTakenTestCase {
        static volatile int port;
        static volatile boolean ran;

        @Test
        void neverRuns(ProcessSpawner spawner) {
            spawner.main(ListenOn.class).args("127.0.0.1", "" + port).name("server").readyOnPort(port)
                    .readyTimeout(Duration.ofSeconds(60)).spawn();
            ran = true;
        }
    }

    /** A server on the port its first argument names that writes {@code hello} to each connection, as ListenOn. */
    private static final String HELLO_SERVER = "import socket, sys\n"
            + "s = socket.socket()\n"
            + "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
            + "s.listen()\n"
            + "while True:\n"
            + "    c, _ = s.accept()\n"
            + "    c.sendall(b'hello\\n')\n"
            + "    c.close()\n";

    /** The shell's child is the server (a Python one: a Java child's class path is the extension's to make). */
    @Childproof
    static class GrandchildServerTestCase {
        @Test
        void isReady(ProcessSpawner spawner) throws IOException {
            Served served = onFreePort(port -> spawner.command("sh", "-c", "/usr/bin/python3 -c \"$1\" \"$0\" & wait",
                    Integer.toString(port), HELLO_SERVER).readyOnPort(port).readyTimeout(Duration.ofSeconds(30))
                    .spawn());
            ChildProcess shell = served.server();
            int port = served.port();
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine()).isEqualTo("hello");
            }
            assertThat(shell.isAlive()).isTrue();
        }
    }

    /** A server that serves one connection and exits: the readiness check must not be that connection. */
    @Childproof
    static class OneConnectionTestCase {
        @Test
        void servesTheTest(ProcessSpawner spawner) throws IOException {
            Served served = onFreePort(port -> spawner.main(ListenOn.class).args("127.0.0.1", "" + port, "once")
                    .readyOnPort(port).readyTimeout(Duration.ofSeconds(20)).spawn());
            ChildProcess server = served.server();
            int port = served.port();
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine()).isEqualTo("hello");
            }
            assertThat(server.join(Duration.ofSeconds(20))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
            assertThat(server.output().lines()).containsExactly("listening on 127.0.0.1", "accepted");
        }
    }

    static class ReadyFileTestCase {
        @SpawnedProcess(main = ReadyByFile.class, readyFile = true)
        ChildProcess worker;

        @Test
        void createdIt() {
            String line = worker.awaitLine("^ready file: ", Duration.ofSeconds(30));
            assertThat(Files.exists(Paths.get(line.substring("ready file: ".length())))).isTrue();
        }
    }

    static class ExitsFirstTestCase {
        static volatile boolean ran;

        @SpawnedProcess(command = {"sh", "-c", "echo starting; echo cannot bind; exit 3"}, readyWhen = "listening",
                readyTimeout = "60s")
        ChildProcess server;

        @Test
        void neverRuns() {
            ran = true;
        }
    }

    /**
     * The {@code sleep 60} it leaves behind keeps its output open: no end of stream tells of the exit (the first
     * second lets the drainer block in its read; a process gone before that has its streams ended by the JDK).
     */
    static class OrphanHoldsOutputTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo starting; sleep 1; sleep 60 & exit 3"}, readyWhen = "listening",
                readyTimeout = "60s")
        ChildProcess server;

        @Test
        void neverRuns() {
        }
    }

    static class TooSlowTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo warming up; exec sleep 60"}, readyWhen = "listening",
                readyOnPort = 9, readyTimeout = "1s")
        ChildProcess slow;

        @Test
        void neverRuns() {
        }
    }

    /** "No output." was all the report said: the line waited in the drainer for its end. */
    static class PartialLineTestCase {
        @SpawnedProcess(command = {"sh", "-c", "printf ready; exec sleep 60"}, readyWhen = "^ready$",
                readyTimeout = "2s")
        ChildProcess server;

        @Test
        void neverRuns() {
        }
    }

    static class StaticExitsFirstTestCase {
        @SpawnedProcess(command = {"true"}, readyFile = true)
        static ChildProcess shared;

        @Test
        void neverRuns() {
        }
    }

    static class ManualStartTestCase {
        @SpawnedProcess(command = {"sh", "-c", "echo booting; echo listening; exec sleep 60"},
                readyWhen = "listening", autoStart = false)
        ChildProcess server;

        @Test
        void starts() {
            assertThat(server.state()).isEqualTo(ProcessState.NEW);
            server.start();
            assertThat(server.output().lines()).containsExactly("booting", "listening");
        }
    }
}
