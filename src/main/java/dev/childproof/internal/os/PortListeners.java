package dev.childproof.internal.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Linux: whether a process listens on a loopback port, for {@code readyOnPort}. A socket in the kernel's tables
 * ({@link ListeningSockets}) counts when the process holds it, or a process that started no earlier than it: one it
 * started, or one started for it (a container engine's port proxy). A socket held only by processes that were
 * running before it does not: another server on that port, a stale one of an earlier run, or the test JVM's own
 * socket that held the port for a moment. Where a candidate's descriptors cannot be read (another user's process),
 * the socket counts, as any listener did before.
 *
 * <p>Cost: one read of each table; when a socket listens on the port, the process's descriptors; only when it
 * holds none of them, the process table and the descriptors of the processes created after it (found by pid, and by
 * start time where pids wrapped since).
 */
final class PortListeners {

    private PortListeners() {
    }

    /**
     * Whether the process, or one started no earlier than it, holds a socket listening on the port.
     *
     * @return whether it does, or empty when the tables cannot be read
     */
    static Optional<Boolean> listens(OperatingSystem os, int port, ProcessIdentity process) {
        Optional<Set<Long>> sockets = ListeningSockets.onLoopback(port);
        if (sockets.isEmpty() || sockets.get().isEmpty()) {
            return sockets.map(s -> false);
        }
        // 0: a table line without an inode field, so its holder cannot be told; -1: the process's start is unknown
        if (sockets.get().contains(0L) || process.startTime() < 0) {
            return Optional.of(true);
        }
        // the usual holder first, without listing the process table
        SocketHolders.Holding own = SocketHolders.holds(process.pid(), sockets.get());
        if (own == SocketHolders.Holding.HOLDS) {
            return Optional.of(true);
        }
        boolean unseen = own == SocketHolders.Holding.UNSEEN;
        for (long pid : later(os, process.pid())) {
            OptionalLong start = os.startTime(pid);
            if (start.isEmpty() || start.getAsLong() < process.startTime()) {
                continue;
            }
            switch (SocketHolders.holds(pid, sockets.get())) {
                case HOLDS:
                    return Optional.of(true);
                case UNSEEN:
                    unseen = true;
                    break;
                default:
                    break;
            }
        }
        return Optional.of(unseen);
    }

    /**
     * The processes that may have started after the one at the pid: those with a higher pid, or every other one
     * when pids wrapped since it was created (the latest pid is below its own), the start times telling which.
     */
    static List<Long> later(OperatingSystem os, long pid) {
        boolean wrapped = os.lastCreatedPid().orElse(-1) < pid;
        List<Long> later = new ArrayList<>();
        for (long other : os.allPids()) {
            if (other != pid && (wrapped || other > pid)) {
                later.add(other);
            }
        }
        return later;
    }

    /**
     * A process that holds a socket listening on the port, for a message: {@code "pid 1234 (python3 -m http.server
     * 8080)"}; empty when no socket listens there or its holder cannot be found. Reads every process's descriptors.
     */
    static Optional<String> anyHolder(OperatingSystem os, int port) {
        Set<Long> sockets = ListeningSockets.onLoopback(port).orElse(Set.of());
        if (sockets.isEmpty()) {
            return Optional.empty();
        }
        for (long pid : os.allPids()) {
            if (SocketHolders.holds(pid, sockets) == SocketHolders.Holding.HOLDS) {
                String command = os.commandLine(pid);
                return Optional.of("pid " + pid + (command.isEmpty() ? "" : " (" + command + ")"));
            }
        }
        return Optional.empty();
    }
}
