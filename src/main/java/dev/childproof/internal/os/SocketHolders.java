package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Linux: whether a process holds a socket, from the links in {@code /proc/<pid>/fd}, each of which reads
 * {@code socket:[<inode>]} for a socket. Every thread of a process shares these. Reading another user's links takes
 * privileges the test JVM may not have: such a process's sockets cannot be told.
 */
final class SocketHolders {

    private static final Path PROC = Paths.get("/proc");
    private static final String SOCKET = "socket:[";

    private SocketHolders() {
    }

    /**
     * Which of the sockets, by their inodes, the process holds: none when it holds none or is gone; empty when its
     * descriptors cannot be read.
     */
    static Optional<Set<Long>> held(long pid, Set<Long> inodes) {
        Set<Long> held = new HashSet<>(2);
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(PROC.resolve(Long.toString(pid))
                .resolve("fd"))) {
            for (Path descriptor : descriptors) {
                long inode = socketInode(descriptor);
                if (inodes.contains(inode)) {
                    held.add(inode);
                }
            }
            return Optional.of(held);
        } catch (AccessDeniedException e) {
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of(Set.of());
        } catch (IOException | SecurityException | DirectoryIteratorException e) {
            return Files.exists(PROC.resolve(Long.toString(pid))) ? Optional.empty() : Optional.of(Set.of());
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
