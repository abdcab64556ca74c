package dev.childproof.internal.os;

import dev.childproof.fixtures.ListenOn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ListeningSocketsTests {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";

    @Test
    void readsTheIpv4TableOfALittleEndianMachine() {
        byte[] table = (HEADER
                + "   0: 0100007F:AFCA 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1275 1 0 100\n"
                + "   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 2\n"
                + "   2: 0200000A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 3\n"
                + "   3: 0100007F:1F91 0100007F:AFCA 01 00000000:00000000 00:00000000 00000000 0 0 4\n"
                + "   4: 0100007F:AFCA 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 98765\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(listening(table, 0xAFCA, ByteOrder.LITTLE_ENDIAN)).as("127.0.0.1, twice").containsOnly(1275L,
                98765L);
        assertThat(listening(table, 2024, ByteOrder.LITTLE_ENDIAN)).as("0.0.0.0").containsOnly(2L);
        assertThat(listening(table, 8080, ByteOrder.LITTLE_ENDIAN)).as("10.0.0.2").isEmpty();
        assertThat(listening(table, 8081, ByteOrder.LITTLE_ENDIAN)).as("established").isEmpty();
        assertThat(listening(table, 8082, ByteOrder.LITTLE_ENDIAN)).as("absent").isEmpty();
        assertThat(listening(table, 0xAFCA, ByteOrder.BIG_ENDIAN)).as("1.0.0.127").isEmpty();
    }

    private static Set<Long> listening(byte[] table, int port, ByteOrder order) {
        Set<Long> inodes = new HashSet<>();
        ListeningSockets.listening(table, port, order, inodes);
        return inodes;
    }

    @Test
    void readsTheIpv6TableInEitherByteOrder() {
        String zeros = "00000000000000000000000000000000";
        byte[] littleEndian = (HEADER
                + "   0: 00000000000000000000000001000000:0FA0 " + zeros + ":0000 0A 0\n"
                + "   1: " + zeros + ":0FA1 " + zeros + ":0000 0A 0\n"
                + "   2: 0000000000000000FFFF00000100007F:0FA2 " + zeros + ":0000 0A 0\n"
                + "   3: 000080FE00000000FF00FC0001000000:0FA3 " + zeros + ":0000 0A 0\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int port = 4000; port <= 4002; port++) {
            // no inode field in these lines: 0, a socket whose holder cannot be told
            assertThat(listening(littleEndian, port, ByteOrder.LITTLE_ENDIAN)).as("" + port).containsOnly(0L);
        }
        assertThat(listening(littleEndian, 4003, ByteOrder.LITTLE_ENDIAN)).as("fe80::").isEmpty();
        byte[] bigEndian = ("x\n   0: 00000000000000000000000000000001:0FA0 " + zeros + ":0000 0A 0\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(listening(bigEndian, 4000, ByteOrder.BIG_ENDIAN)).as("::1").containsOnly(0L);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsARealListenerOnEachLoopbackWithoutConnecting() throws Exception {
        boolean ipv6 = ListenOn.hasIpv6Loopback();
        for (String address : ipv6 ? new String[] {"127.0.0.1", "::1", "0.0.0.0", "::"} : new String[] {"127.0.0.1",
                "0.0.0.0"}) {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
                int port = server.getLocalPort();
                assertThat(ListeningSockets.onLoopback(port)).as(address).hasValueSatisfying(inodes ->
                        assertThat(SocketHolders.held(ProcessHandle.current().pid(), inodes)).contains(inodes));
                server.setSoTimeout(1);
                try (Socket ignored = server.accept()) {
                    throw new AssertionError("a connection was made to " + address);
                } catch (java.net.SocketTimeoutException expected) {
                    // nothing connected
                }
            }
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsNoListenerOnAPortOnlyConnectedFrom() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
             Socket accepted = server.accept()) {
            int clientPort = client.getLocalPort();
            assertThat(ListeningSockets.onLoopback(clientPort)).isEqualTo(Optional.of(Set.of()));
        }
    }
}
