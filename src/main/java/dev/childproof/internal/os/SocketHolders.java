package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/**
 * Linux: whether a process holds a socket, from the links in {@code /proc/<pid>/fd}, each of which reads
 * {@code socket:[<inode>]} for a socket. Every thread of a process shares these. Reading another user's links takes
 * privileges the test JVM may not have: such a process's sockets cannot be told.
 */
final class SocketHolders {

    private static final Path PROC = Paths.get("/proc");
    private static final String SOCKET = "socket:[";

    /** What a look at a process's descriptors told. */
    enum Holding {
        /** It holds one of the sockets. */
        HOLDS,
        /** It holds none of them, or is gone. */
        HOLDS_NONE,
        /** Its descriptors cannot be read. */
        UNSEEN
    }

    private SocketHolders() {
    }

    /** Whether the process holds any of the sockets, by their inodes. */
    static Holding holds(long pid, Set<Long> inodes) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(PROC.resolve(Long.toString(pid))
                .resolve("fd"))) {
            for (Path descriptor : descriptors) {
                if (inodes.contains(socketInode(descriptor))) {
                    return Holding.HOLDS;
                }
            }
            return Holding.HOLDS_NONE;
        } catch (AccessDeniedException e) {
            return Holding.UNSEEN;
        } catch (NoSuchFileException e) {
            return Holding.HOLDS_NONE;
        } catch (IOException | SecurityException | java.nio.file.DirectoryIteratorException e) {
            return Files.exists(PROC.resolve(Long.toString(pid))) ? Holding.UNSEEN : Holding.HOLDS_NONE;
        }
    }

    /** The inode of the socket the descriptor link names, or -1 when it names no socket or was closed meanwhile. */
    private static long socketInode(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            if (target.startsWith(SOCKET) && target.endsWith("]")) {
                return Long.parseLong(target, SOCKET.length(), target.length() - 1, 10);
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            // closed since the listing, or not a socket
        }
        return -1;
    }
}
