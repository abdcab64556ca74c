package dev.childproof.internal.process;

import dev.childproof.fixtures.ListenOn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connecting probe of {@code readyOnPort}, which every system but Linux uses, and how often the ready file and
 * the port are probed.
 */
class ReadinessCheckTests {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void connectsToAPortListenedOnOnlyOnTheIpv4Loopback() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            assertConnectsWithinProbes(server.getLocalPort());
        }
    }

    @Test
    void connectsToAPortListenedOnOnlyOnTheIpv6Loopback() throws Exception {
        Assumptions.assumeTrue(ListenOn.hasIpv6Loopback(), "this machine has no IPv6 loopback address");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            assertConnectsWithinProbes(server.getLocalPort());
        }
    }

    /**
     * Probes as {@code readyOnPort} does, until one probe connects: a probe gives each connection 50 ms, and on a busy
     * machine a loopback connection now and then takes longer (1 probe of a listened-on port in 12 000 found no
     * connection, beside busy loops on two cores), which only makes the next probe the one that sees the port. An
     * address never tried never connects, however often it is probed.
     */
    private static void assertConnectsWithinProbes(int port) {
        await("a probe of port " + port + " to connect").atMost(GENEROUS)
                .pollInterval(Duration.ofMillis(ReadinessCheck.PROBE_MIN_MILLIS))
                .until(() -> ReadinessCheck.connects(port));
    }

    @Test
    void doesNotConnectToAPortNobodyListensOn() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = server.getLocalPort();
        }
        assertThat(ReadinessCheck.connects(port)).isFalse();
    }

    @Test
    void probesBackOffToAnEighthOfTheTimeWaitedBetween5And50Ms() {
        assertThat(ReadinessCheck.probeInterval(0)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(ReadinessCheck.probeInterval(TimeUnit.MILLISECONDS.toNanos(40)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(ReadinessCheck.probeInterval(TimeUnit.MILLISECONDS.toNanos(200)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
        assertThat(ReadinessCheck.probeInterval(TimeUnit.SECONDS.toNanos(2)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(ReadinessCheck.probeInterval(Long.MAX_VALUE)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }
}
