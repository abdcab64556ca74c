package dev.childproof.internal.os;

import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
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
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        Process server = launch("/usr/bin/python3", "-c", "import socket, time\n"
                + "s = socket.socket()\n"
                + "s.bind(('127.0.0.1', " + port + "))\n"
                + "s.listen()\n"
                + "time.sleep(30)\n");
        await().atMost(30, TimeUnit.SECONDS).until(() -> ListeningSockets.onLoopback(port).map(s -> !s.isEmpty())
                .orElse(false) || !server.isAlive());
        assertThat(server.isAlive()).as("the server bound the port").isTrue();
        assertThat(os.listensOnLoopback(port, identity(first.pid()))).as("started after the awaited one")
                .contains(true);
        assertThat(os.listensOnLoopback(port, identity(server.pid()))).as("the server itself").contains(true);
        assertThat(os.loopbackListener(port)).hasValueSatisfying(holder -> assertThat(holder)
                .startsWith("pid " + server.pid() + " (/usr/bin/python3 -c import socket"));
    }

    @Test
    void nothingListensOnAFreePort() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        assertThat(os.listensOnLoopback(port, identity(ProcessHandle.current().pid()))).contains(false);
        assertThat(os.loopbackListener(port)).isEmpty();
    }

    @Test
    void looksAtLaterPidsOrAtEveryPidWhenPidsWrappedSince() {
        FakeProcessTable table = new FakeProcessTable();
        for (long pid : new long[] {1, 40, 500, 501, 900}) {
            table.put(pid, pid, "p" + pid);
        }
        table.lastCreatedPid(900);
        assertThat(PortListeners.later(table, 500)).containsExactlyInAnyOrder(501L, 900L);
        table.lastCreatedPid(40); // wrapped: a lower pid may be later; the start times tell
        assertThat(PortListeners.later(table, 500)).containsExactlyInAnyOrder(1L, 40L, 501L, 900L);
        table.lastCreatedPid(-1); // not told
        assertThat(PortListeners.later(table, 500)).containsExactlyInAnyOrder(1L, 40L, 501L, 900L);
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
