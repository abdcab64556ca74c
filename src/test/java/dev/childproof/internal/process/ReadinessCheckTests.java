package dev.childproof.internal.process;

import dev.childproof.fixtures.ListenOn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The connecting probe of {@code readyOnPort}, which every system but Linux uses. */
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
}
