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
        Holders holders = scan(os, sockets);
        Set<Long> unheld = new HashSet<>();
        for (long socket : sockets) {
            Long first = holders.firstStart.get(socket);
            if (first != null && first >= start) {
                return true;
            }
            if (first == null) {
                unheld.add(socket);
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
     * The process that first held a socket listening on the port, for a message: {@code "pid 1234 (python3 -m
     * http.server 8080)"}; empty when no socket listens there or no holder is seen. Reads every process's descriptors.
     */
    static Optional<String> firstHolder(OperatingSystem os, int port) {
        Set<Long> sockets = ListeningSockets.onLoopback(port).orElse(Set.of());
        Holders holders = scan(os, sockets);
        return sockets.stream().map(holders.firstPid::get).filter(pid -> pid != null).findFirst().map(pid -> {
            String command = os.commandLine(pid);
            return "pid " + pid + (command.isEmpty() ? "" : " (" + command + ")");
        });
    }

    /** Who holds the sockets, from every process's descriptors. */
    private static Holders scan(OperatingSystem os, Set<Long> sockets) {
        Holders holders = new Holders();
        if (sockets.isEmpty()) {
            return holders;
        }
        for (long pid : os.allPids()) {
            Optional<Set<Long>> held = SocketHolders.held(pid, sockets);
            if (held.isEmpty() || held.get().isEmpty()) {
                continue;
            }
            OptionalLong start = os.startTime(pid);
            if (start.isPresent()) {
                for (long inode : held.get()) {
                    holders.held(inode, pid, start.getAsLong());
                }
            }
        }
        if (OLDEST_HOLDER.size() > KEPT) {
            OLDEST_HOLDER.clear();
        }
        for (long inode : sockets) {
            Long pid = holders.firstPid.get(inode);
            if (pid == null) {
                OLDEST_HOLDER.remove(inode);
            } else {
                OLDEST_HOLDER.put(inode, new ProcessIdentity(pid, holders.firstStart.get(inode)));
            }
        }
        return holders;
    }

    /** What one look at every process found: the oldest holder of each socket. */
    private static final class Holders {
        final Map<Long, Long> firstStart = new HashMap<>();
        final Map<Long, Long> firstPid = new HashMap<>();

        void held(long inode, long pid, long start) {
            Long known = firstStart.get(inode);
            if (known == null || start < known) {
                firstStart.put(inode, start);
                firstPid.put(inode, pid);
            }
        }
    }
}
