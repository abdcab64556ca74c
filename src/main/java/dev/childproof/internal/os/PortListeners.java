package dev.childproof.internal.os;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linux: whether a process listens on a loopback port, for {@code readyOnPort}. A socket in the kernel's tables
 * ({@link ListeningSockets}) counts when the process holds it, or when no process that was running before it holds
 * it: then the socket was made by a process started later, one the process started or one started for it (a
 * container engine's port proxy). A socket that a process running before it holds does not count, though a later
 * process may hold a copy too: another server on that port, a stale one of an earlier run, or a socket of the test
 * JVM, which the JVM's next child holds as well between its fork and its exec. Where no holder of a socket is seen
 * and it still listens after the look, its holders cannot be seen (another user's processes, whose descriptors this
 * JVM may not read, or processes {@code /proc} does not list: the host's, such as a container engine's port proxy,
 * where the JVM runs in a pid namespace of its own with the host's network), and the socket counts, as any listener
 * did before.
 *
 * <p>Cost: one read of each table; when a socket listens on the port, the descriptors of the process and then of
 * its descendants; only when none of them holds one of the sockets, every process's descriptors. The oldest holder
 * each look finds is kept, and while it still holds the socket (one read of its descriptors) no look at every
 * process is needed to know an older process holds it; once it no longer does (it handed the socket to a process it
 * started and closed its copy), every process's descriptors are read again.
 */
final class PortListeners {

    /** The oldest process the last look saw holding a socket, by the socket's inode; cleared when it grows. */
    private static final Map<Long, ProcessIdentity> OLDEST_HOLDER = new ConcurrentHashMap<>();
    private static final int KEPT = 256;

    private PortListeners() {
    }

    /**
     * Whether the process holds a socket listening on the port, or no process running before it holds one; with
     * {@code process} null, whether any socket listens there.
     *
     * @return whether it does, or empty when the tables cannot be read
     */
    static Optional<Boolean> listens(OperatingSystem os, int port, ProcessIdentity process) {
        Optional<Set<Long>> sockets = ListeningSockets.onLoopback(port);
        if (sockets.isEmpty() || sockets.get().isEmpty()) {
            return sockets.map(s -> false);
        }
        // 0: a table line without an inode field, so its holders cannot be told; -1: the process's start is unknown
        if (process == null || sockets.get().contains(0L) || process.startTime() < 0) {
            return Optional.of(true);
        }
        // the usual holders first, without a look at every process: the process, then what it started (which holds
        // no copy of an older process's socket: the JDK closes the test JVM's in the child before its exec)
        if (holdsAny(process.pid(), sockets.get())) {
            return Optional.of(true);
        }
        for (long descendant : os.descendantsOf(process.pid())) {
            if (holdsAny(descendant, sockets.get())) {
                return Optional.of(true);
            }
        }
        for (long inode : sockets.get()) {
            ProcessIdentity oldest = OLDEST_HOLDER.get(inode);
            if (oldest == null || oldest.startTime() >= process.startTime() || !stillHolds(os, oldest, inode)) {
                return Optional.of(madeLater(os, port, sockets.get(), process.startTime()));
            }
        }
        return Optional.of(false); // every socket is held now by a process older than this one
    }

    /**
     * Whether one of the sockets is held only by processes started at or after {@code start}, from every process's
     * descriptors: its oldest holder now started then or later; or no holder is seen and the socket still listens
     * after the look (one closed during the look does not count). A socket listens only while some process holds
     * it, so one still listening that no look found is held by a process that could not be read or is not listed at
     * all (in another pid namespace): not required to be one that could not be read, as none is in the second case.
     */
    private static boolean madeLater(OperatingSystem os, int port, Set<Long> sockets, long start) {
        Map<Long, ProcessIdentity> oldest = scan(os, sockets);
        Set<Long> unheld = new HashSet<>();
        for (long socket : sockets) {
            ProcessIdentity holder = oldest.get(socket);
            if (holder == null) {
                unheld.add(socket);
            } else if (holder.startTime() >= start) {
                return true;
            }
        }
        return !unheld.isEmpty() && ListeningSockets.onLoopback(port)
                .map(now -> now.stream().anyMatch(unheld::contains)).orElse(false);
    }

    /** Whether the process still holds the socket (not when it cannot be told: a look at every process then). */
    private static boolean stillHolds(OperatingSystem os, ProcessIdentity holder, long inode) {
        return SocketHolders.held(holder.pid(), Set.of(inode)).map(held -> held.contains(inode)).orElse(false)
                && os.startTime(holder.pid()).equals(OptionalLong.of(holder.startTime()));
    }

    private static boolean holdsAny(long pid, Set<Long> sockets) {
        return !SocketHolders.held(pid, sockets).orElse(Set.of()).isEmpty();
    }

    /**
     * The oldest process holding a socket listening on the port, for a message: {@code "pid 1234 (python3 -m
     * http.server 8080)"}; empty when no socket listens there or no holder is seen. Reads every process's descriptors.
     */
    static Optional<String> oldestHolder(OperatingSystem os, int port) {
        Set<Long> sockets = ListeningSockets.onLoopback(port).orElse(Set.of());
        Map<Long, ProcessIdentity> oldest = scan(os, sockets);
        return sockets.stream().map(oldest::get).filter(holder -> holder != null).findFirst().map(holder -> {
            String command = os.commandLine(holder.pid());
            return "pid " + holder.pid() + (command.isEmpty() ? "" : " (" + command + ")");
        });
    }

    /**
     * The oldest holder of each socket (none for a socket no process is seen holding), from every process's
     * descriptors; kept in {@link #OLDEST_HOLDER} for the next look.
     */
    private static Map<Long, ProcessIdentity> scan(OperatingSystem os, Set<Long> sockets) {
        Map<Long, ProcessIdentity> oldest = new HashMap<>();
        if (sockets.isEmpty()) {
            return oldest;
        }
        for (long pid : os.allPids()) {
            Set<Long> held = SocketHolders.held(pid, sockets).orElse(Set.of());
            OptionalLong start = held.isEmpty() ? OptionalLong.empty() : os.startTime(pid);
            if (start.isPresent()) {
                ProcessIdentity holder = new ProcessIdentity(pid, start.getAsLong());
                held.forEach(inode -> oldest.merge(inode, holder, (known, other) ->
                        other.startTime() < known.startTime() ? other : known));
            }
        }
        if (OLDEST_HOLDER.size() > KEPT) {
            OLDEST_HOLDER.clear();
        }
        for (long inode : sockets) {
            if (oldest.containsKey(inode)) {
                OLDEST_HOLDER.put(inode, oldest.get(inode));
            } else {
                OLDEST_HOLDER.remove(inode);
            }
        }
        return oldest;
    }
}
