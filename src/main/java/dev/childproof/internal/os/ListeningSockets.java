package dev.childproof.internal.os;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Linux: whether a TCP socket listens on a port, read from the kernel's socket tables ({@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}, those of the reader's network namespace) rather than by connecting, which would use up
 * the connection of a server that accepts one and add one to a server that logs them.
 *
 * <p>A table line reads {@code "  1: 0100007F:AFCA 00000000:0000 0A ... 0 0 12345 ..."}: the local address in
 * hex, each 32-bit word of it printed as a number in the machine's byte order, then the port in hex, the remote
 * address, the state ({@code 0A} for {@code LISTEN}), and in the tenth field the socket's inode, which names the
 * socket in its holders' {@code /proc/<pid>/fd} ({@link SocketHolders}).
 */
final class ListeningSockets {

    private static final Path TCP = Paths.get("/proc/net/tcp");
    private static final Path TCP6 = Paths.get("/proc/net/tcp6");
    private static final byte[] LISTEN = {'0', 'A'};

    private ListeningSockets() {
    }

    /**
     * The inodes of the sockets that listen on the port at an address a loopback connection reaches:
     * {@code 0.0.0.0}, {@code 127.x.x.x}, {@code ::}, {@code ::1} or {@code ::ffff:127.x.x.x}.
     *
     * @return the inodes (none when nothing listens there), or empty when neither table can be read
     */
    static Optional<Set<Long>> onLoopback(int port) {
        byte[] v4 = KernelFile.readIfPresent(TCP, 8192);
        byte[] v6 = KernelFile.readIfPresent(TCP6, 8192);
        if (v4 == null && v6 == null) {
            return Optional.empty();
        }
        Set<Long> inodes = new HashSet<>(2);
        listening(v4, port, ByteOrder.nativeOrder(), inodes);
        listening(v6, port, ByteOrder.nativeOrder(), inodes);
        return Optional.of(inodes);
    }

    /**
     * Adds to {@code inodes} those of the table's (null for none) sockets listening on the port at a loopback or
     * wildcard address. Read in place, without a string per line: the table lists every socket of the namespace and
     * is read at each probe.
     */
    static void listening(byte[] table, int port, ByteOrder order, Set<Long> inodes) {
        if (table == null) {
            return;
        }
        int start = indexOf(table, '\n', 0) + 1; // the first line names the columns
        while (start > 0 && start < table.length) {
            int end = indexOf(table, '\n', start);
            if (end < 0) {
                end = table.length;
            }
            long inode = listening(table, start, end, port, order);
            if (inode >= 0) {
                inodes.add(inode);
            }
            start = end + 1;
        }
    }

    /**
     * The inode of the socket on the line in {@code [start, end)} when it listens on the port at a loopback
     * address, 0 when the line has no inode field; -1 when it is no such socket.
     */
    private static long listening(byte[] table, int start, int end, int port, ByteOrder order) {
        int[] fields = new int[20]; // start and end of the first ten fields: slot, local, remote, state, ..., inode
        int at = start;
        for (int f = 0; f < 10; f++) {
            while (at < end && table[at] == ' ') {
                at++;
            }
            fields[2 * f] = at;
            while (at < end && table[at] != ' ') {
                at++;
            }
            fields[2 * f + 1] = at;
            if (f == 3 && !listens(table, fields, port, order)) {
                return -1;
            }
        }
        return decimal(table, fields[18], fields[19]);
    }

    /** Whether the line whose first four fields are in {@code fields} is a listening socket on the port there. */
    private static boolean listens(byte[] table, int[] fields, int port, ByteOrder order) {
        if (fields[7] - fields[6] != 2 || table[fields[6]] != LISTEN[0] || table[fields[6] + 1] != LISTEN[1]) {
            return false;
        }
        int colon = indexOf(table, ':', fields[2]);
        if (colon < 0 || colon >= fields[3] || hex(table, colon + 1, fields[3]) != port) {
            return false;
        }
        byte[] address = address(table, fields[2], colon, order);
        return address != null && reachedFromLoopback(address);
    }

    /** The decimal number in {@code [from, to)}, or 0 when it is none (an inode is never 0). */
    private static long decimal(byte[] bytes, int from, int to) {
        if (to <= from || to - from > 18) {
            return 0;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return 0;
            }
            value = value * 10 + bytes[i] - '0';
        }
        return value;
    }

    /**
     * The address's bytes in network order, from its hex words each printed in the machine's byte order; null when
     * it is not an IPv4 or IPv6 address in hex.
     */
    private static byte[] address(byte[] table, int from, int to, ByteOrder order) {
        int length = to - from;
        if (length != 8 && length != 32) {
            return null;
        }
        byte[] bytes = new byte[length / 2];
        for (int word = 0; word < length / 8; word++) {
            long value = hex(table, from + word * 8, from + word * 8 + 8);
            if (value < 0) {
                return null;
            }
            for (int b = 0; b < 4; b++) {
                int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * b : 8 * (3 - b);
                bytes[word * 4 + b] = (byte) (value >>> shift);
            }
        }
        return bytes;
    }

    /** The hex number in {@code [from, to)} (at most 8 digits), or -1 when it is none. */
    private static long hex(byte[] bytes, int from, int to) {
        if (to <= from || to - from > 8) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static int indexOf(byte[] bytes, char c, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean reachedFromLoopback(byte[] address) {
        if (address.length == 4) {
            return address[0] == 127 || zeros(address, 0, 4);
        }
        if (zeros(address, 0, 15)) {
            return address[15] == 0 || address[15] == 1; // :: or ::1
        }
        // ::ffff:127.x.x.x, an IPv4 loopback address bound through an IPv6 socket
        return zeros(address, 0, 10) && address[10] == (byte) 0xff && address[11] == (byte) 0xff
                && address[12] == 127;
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
