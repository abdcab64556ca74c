package dev.childproof.internal.process;

import dev.childproof.fixtures.ListenOn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connecting probe of {@code readyOnPort}, which every system but Linux uses, and how often the ready file and
 * the port are probed.
 */
class ReadinessCheckTests {

    @Test
    void connectsToAPortListenedOnOnlyOnTheIpv4Loopback() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            assertThat(ReadinessCheck.connects(server.getLocalPort())).isTrue();
        }
    }

    @Test
    void connectsToAPortListenedOnOnlyOnTheIpv6Loopback() throws Exception {
        Assumptions.assumeTrue(ListenOn.hasIpv6Loopback(), "this machine has no IPv6 loopback address");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            assertThat(ReadinessCheck.connects(server.getLocalPort())).isTrue();
        }
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
