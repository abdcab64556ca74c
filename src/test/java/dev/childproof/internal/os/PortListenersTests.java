package dev.childproof.internal.os;

import dev.childproof.testkit.ForwardingOperatingSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whose listening socket makes a process ready on a port, with real sockets and processes: the test JVM's socket
 * stands for a process that was running before the awaited one (another server on the port, a stale one, a probe).
 */
@EnabledOnOs(OS.LINUX)
class PortListenersTests {

    private final LinuxOperatingSystem os = new LinuxOperatingSystem();
    private final List<Process> launched = new ArrayList<>();

    @AfterEach
    void endLaunched() throws InterruptedException {
        for (Process process : launched) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSocketOfTheProcessItselfCounts() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(os.listensOnLoopback(server.getLocalPort(), identity(ProcessHandle.current().pid())))
                    .contains(true);
        }
    }

    @Test
    void aSocketOfAProcessRunningBeforeItDoesNotAndIsNamed() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process later = launch("sleep", "30");
            int port = server.getLocalPort();
            assertThat(os.listensOnLoopback(port, identity(later.pid()))).contains(false);
            long self = ProcessHandle.current().pid();
            assertThat(os.loopbackListener(port)).contains("pid " + self + " (" + os.commandLine(self) + ")");
        }
    }

    @Test
    void aSocketOfAProcessStartedAfterItCounts() throws IOException {
        Process first = launch("sleep", "30");
        int port = freePort();
        Process server = pythonServer(port);
        assertThat(os.listensOnLoopback(port, identity(first.pid()))).as("started after the awaited one")
                .contains(true);
        assertThat(os.listensOnLoopback(port, identity(server.pid()))).as("the server itself").contains(true);
        assertThat(os.loopbackListener(port)).hasValueSatisfying(holder -> assertThat(holder)
                .startsWith("pid " + server.pid() + " (/usr/bin/python3 -c import socket"));
    }

    /**
     * As the test JVM's own socket, held by its next child between that child's fork and exec: a copy in a later
     * process does not make the socket the awaited process's.
     */
    @Test
    void aCopyInALaterProcessOfASocketOfAnEarlierOneDoesNotCount() throws IOException {
        ForkingServer forking = forkingServer("if child:\n"
                + "    print(child, flush=True)\n"
                + "time.sleep(30)\n");
        Process server = forking.process();
        int port = forking.port();
        Process awaited = launch("sleep", "30");
        long copy = forking.fork();
        assertThat(ProcessIdentity.of(os, copy).orElseThrow().startTime()).as("the copy's holder started later")
                .isGreaterThanOrEqualTo(identity(awaited.pid()).startTime());
        assertThat(os.listensOnLoopback(port, identity(awaited.pid()))).contains(false);
        assertThat(os.loopbackListener(port)).hasValueSatisfying(holder -> assertThat(holder)
                .startsWith("pid " + server.pid() + " (/usr/bin/python3 -c import os, socket"));
        ProcessHandle.of(copy).ifPresent(ProcessHandle::destroyForcibly);
    }

    /**
     * A server started after the awaited process by a process this JVM cannot see at all: in a container with the
     * host's network but a pid namespace of its own, {@code /proc} lists none of the host's processes, so the port
     * proxy of a container the child had started ({@code docker run -p}) is never found holding the socket, though
     * every process listed can be read. The server here is real; the listing leaves it out as such a {@code /proc}
     * would.
     */
    @Test
    void aSocketNoListedProcessHoldsCountsWhileItListens() throws IOException {
        Process awaited = launch("sleep", "30");
        int port = freePort();
        Process server = pythonServer(port);
        OperatingSystem serverUnlisted = new Unlisting(os, server.pid());
        assertThat(PortListeners.listens(serverUnlisted, port, identity(awaited.pid())))
                .as("a server no process listed holds, started after the awaited one").contains(true);
    }

    /**
     * The system as a {@code /proc} that does not list one process (it lives in another pid namespace); every other
     * call goes to the real system.
     */
    private static final class Unlisting extends ForwardingOperatingSystem {
        private final long hidden;

        Unlisting(OperatingSystem os, long hidden) {
            super(os);
            this.hidden = hidden;
        }

        @Override
        public List<Long> allPids() {
            List<Long> pids = new ArrayList<>(real.allPids());
            pids.remove(hidden);
            return pids;
        }
    }

    /**
     * A process running before the awaited one makes the socket and hands it to a process it starts later, closing
     * its own copy (a daemon that opens a port for a client and passes it to a proxy it starts): once no process
     * running before the awaited one holds it, it counts, whether or not a look saw the older process holding it.
     */
    @Test
    void aSocketAnOlderProcessHandedToALaterOneCountsOnceTheOlderNoLongerHoldsIt() throws IOException {
        ForkingServer forking = forkingServer("if child == 0:\n"
                + "    time.sleep(30)\n"
                + "    os._exit(0)\n"
                + "s.close()\n"
                + "print(child, flush=True)\n"
                + "time.sleep(30)\n");
        Process daemon = forking.process();
        int port = forking.port();
        Process awaited = launch("sleep", "30");
        assertThat(os.listensOnLoopback(port, identity(awaited.pid()))).as("while the older process holds it")
                .contains(false);
        long handedTo = forking.fork();
        try {
            assertThat(SocketHolders.held(daemon.pid(), ListeningSockets.onLoopback(port).orElseThrow()))
                    .as("the older process closed its copy").contains(Set.of());
            assertThat(os.listensOnLoopback(port, identity(awaited.pid())))
                    .as("held only by a process started after the awaited one").contains(true);
        } finally {
            ProcessHandle.of(handedTo).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * The port stays bound while it is looked at, by a socket that does not listen (and so is in no table) and shares
     * it with no one: a port freed before the look was once handed to a server of a test in another JVM meanwhile
     * (CI's run of two test JVMs at once).
     */
    @Test
    void nothingListensOnAFreePort() throws IOException {
        try (SocketChannel reserved = SocketChannel.open()) {
            reserved.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            reserved.bind(new InetSocketAddress(0)); // every address, both families where the system has IPv6
            int port = ((InetSocketAddress) reserved.getLocalAddress()).getPort();
            assertThat(os.listensOnLoopback(port, identity(ProcessHandle.current().pid()))).contains(false);
            assertThat(os.loopbackListener(port)).isEmpty();
        }
    }

    /** A Python server listening on a free port, which forks when told to and prints its child's pid. */
    private record ForkingServer(Process process, BufferedReader lines, int port) {
        /** Tells it to fork, and waits for its child's pid. */
        long fork() throws IOException {
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
            return Long.parseLong(lines.readLine());
        }
    }

    /**
     * Starts a {@link ForkingServer} and waits until it listens (it prints its port); {@code afterFork} is the script's
     * rest, from the fork's {@code child = os.fork()}, and prints the child's pid.
     */
    private ForkingServer forkingServer(String afterFork) throws IOException {
        Process server = new ProcessBuilder("/usr/bin/python3", "-c", "import os, socket, sys, time\n"
                + "s = socket.socket()\n"
                + "s.bind(('127.0.0.1', 0))\n"
                + "s.listen()\n"
                + "print(s.getsockname()[1], flush=True)\n"
                + "sys.stdin.readline()\n"
                + "child = os.fork()\n"
                + afterFork).redirectErrorStream(true).start();
        launched.add(server);
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.US_ASCII));
        return new ForkingServer(server, lines, Integer.parseInt(lines.readLine()));
    }

    /** A Python server listening on the port, once it does. */
    private Process pythonServer(int port) throws IOException {
        Process server = launch("/usr/bin/python3", "-c", "import socket, time\n"
                + "s = socket.socket()\n"
                + "s.bind(('127.0.0.1', " + port + "))\n"
                + "s.listen()\n"
                + "time.sleep(30)\n");
        await().atMost(30, TimeUnit.SECONDS).until(() -> ListeningSockets.onLoopback(port).map(s -> !s.isEmpty())
                .orElse(false) || !server.isAlive());
        assertThat(server.isAlive()).as("the server bound the port").isTrue();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return free.getLocalPort();
        }
    }

    private ProcessIdentity identity(long pid) {
        return ProcessIdentity.of(os, pid).orElseThrow();
    }

    private Process launch(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        launched.add(process);
        return process;
    }
}
