package dev.childproof.internal.os;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Everything the extension needs from the operating system about processes that are not necessarily its
 * children. Identity is (pid, start time): callers compare {@link #startTime(long)} with the value they recorded
 * before they signal, because pids are reused.
 */
public interface OperatingSystem {

    /** The implementation for the running operating system. */
    static OperatingSystem current() {
        return Holder.CURRENT;
    }

    /** Whether exit codes above 128 mean "killed by signal N-128". */
    boolean isPosix();

    /**
     * An opaque start-time token of the process, equal for the same process and different for a later process
     * that reused its pid.
     *
     * @return the token, or empty when no such process exists or the system cannot tell now
     */
    OptionalLong startTime(long pid);

    /**
     * Whether the process is known to have ended: no longer in the process table, or a zombie waiting to be reaped.
     * False while the system cannot tell (Linux: its stat file is there but cannot be read).
     */
    boolean isGone(long pid);

    /**
     * Whether the process at the pid is known to have this start-time token and not to have ended (a zombie has
     * ended); what {@link #startTime(long)} and {@link #isGone(long)} say together, in one look where the system
     * allows it. False while the system cannot tell: the check before a signal, which must never reach a process
     * that is not this one.
     */
    default boolean isRunning(long pid, long startTime) {
        OptionalLong start = startTime(pid);
        return start.isPresent() && start.getAsLong() == startTime && !isGone(pid);
    }

    /**
     * Whether the process with this start-time token is known to have ended, or its pid to name another process now.
     * False while the system cannot tell (Linux: its stat file is there but cannot be read, as when this JVM has used
     * up its file descriptors), so that a wait for the process goes on rather than taking it for gone. Where the
     * system always tells, the opposite of {@link #isRunning}.
     */
    default boolean hasEnded(long pid, long startTime) {
        return !isRunning(pid, startTime);
    }

    /** The parent's pid, or empty when the process is gone or the system cannot tell. */
    OptionalLong parentPid(long pid);

    /**
     * The children some thread of this JVM is blocked waiting for now (the JDK's process reaper waits for every
     * child it started); empty where the system cannot tell.
     */
    default Set<Long> awaitedChildren() {
        return Set.of();
    }

    /** The session the process belongs to, or empty when it is gone or the system cannot tell. */
    default OptionalLong sessionId(long pid) {
        return OptionalLong.empty();
    }

    /** A variable of the process's environment as it was when it started, or empty when unreadable or absent. */
    Optional<String> environmentVariable(long pid, String name);

    /**
     * Whether {@link #environmentVariable} can read other processes' environments here at all: where it cannot
     * (macOS, Windows), a search by cookie would list every process for nothing, and is not made.
     */
    default boolean readsEnvironments() {
        return true;
    }

    /**
     * The children of a process, read without scanning the process table (Linux:
     * {@code /proc/<pid>/task/<tid>/children}); empty where the system cannot tell that cheaply.
     */
    default List<Long> childrenOf(long pid) {
        return List.of();
    }

    /**
     * The children a child subreaper may have adopted: where the system knows which of its threads orphans are handed
     * to, only that thread's children (Linux: the main thread's, while it lives), which holds every adopted child but
     * not every child the JDK started; elsewhere all its children ({@link #childrenOf}).
     */
    default List<Long> adoptedChildren(long subreaper) {
        return childrenOf(subreaper);
    }

    /**
     * The descendants of a live process alive now, as far as one look tells (a process forked during the look may
     * be missed, as by any listing). This default asks the JDK, which scans the whole process table; Linux walks
     * the children lists down from the process instead.
     */
    default List<Long> descendantsOf(long pid) {
        List<Long> descendants = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> root.descendants().forEach(d -> descendants.add(d.pid())));
        return descendants;
    }

    /**
     * The most recently allocated pid, where the system tells it cheaply (Linux: {@code /proc/loadavg}). Pids are
     * allocated in increasing order until they wrap, so every process created after a reading {@code r} has a pid
     * above {@code r} until {@link #lastCreatedPid()} falls below {@code r}: scans can skip older processes.
     *
     * @return the pid, or empty where the system does not tell
     */
    default OptionalLong lastCreatedPid() {
        return OptionalLong.empty();
    }

    /**
     * The start-time token ({@link #startTime(long)}) a process started now would have, or at most one clock tick
     * less: processes whose token is at least this one started no earlier than a tick before now.
     *
     * @return the token, or empty where the system does not tell
     */
    default OptionalLong startTimeNow() {
        return OptionalLong.empty();
    }

    /**
     * Whether a TCP socket of the process, or of one started after it, listens on the port at an address a loopback
     * connection reaches ({@code 0.0.0.0}, {@code 127.x.x.x}, {@code ::}, {@code ::1}, {@code ::ffff:127.x.x.x}),
     * told without connecting to it (Linux: {@code /proc/net/tcp} and {@code tcp6}, and the holders'
     * {@code /proc/<pid>/fd}). A socket that a process running before it holds does not count, unless the process
     * holds it too; one whose holders cannot be seen does.
     *
     * @param process the process, or null when any process's socket counts
     * @return whether one does, or empty where the system cannot tell so (callers then connect)
     */
    default Optional<Boolean> listensOnLoopback(int port, ProcessIdentity process) {
        return Optional.empty();
    }

    /**
     * The oldest process holding a socket listening on the port at a loopback or wildcard address, for a message
     * ({@code "pid 1234 (python3 -m http.server 8080)"}); empty when none, or where the system cannot tell.
     */
    default Optional<String> loopbackListener(int port) {
        return Optional.empty();
    }

    /** The pids of every process the system lists now. */
    List<Long> allPids();

    /** The command line, for messages; empty when unreadable. */
    String commandLine(long pid);

    /** What the process's threads are doing now, or empty when gone or when the system cannot tell. */
    Optional<ProcessActivity> activity(long pid);

    /**
     * Whether the process is stopped (by {@code SIGSTOP} or a terminal stop) as far as one quick look tells: the
     * cheap check the stop path makes before asking a process to stop, where {@link #activity} would read every
     * thread and confirm what it sees.
     */
    default boolean isSuspended(long pid) {
        return activity(pid).equals(Optional.of(ProcessActivity.STOPPED));
    }

    /**
     * Whether this system can send the signal of that short name ({@code "STOP"}) at all: everywhere but on
     * Windows, which can only terminate ({@code TERM}, {@code INT}) or kill ({@code KILL}) a process.
     */
    default boolean canSend(String signalName) {
        return true;
    }

    /**
     * Sends a signal by its short name ({@code "TERM"}) without any identity check; callers check first.
     *
     * @return whether the signal was delivered
     */
    boolean signal(long pid, String signalName);

    /**
     * Sends a signal to a child this JVM started, while the JDK has not reaped it ({@link Process#isAlive()}): until
     * then its pid is held by the child or its zombie and cannot name another process, so the JDK's own knowledge is
     * the identity check, and nothing of the process needs reading (nor a descriptor, where the system's signal call
     * is at hand). A check-then-signal race stays, as with any identity check: the JDK may reap the child between the
     * two, which would need the pid reused at once.
     *
     * @return whether the signal was sent
     */
    default boolean signalChild(Process child, String signalName) {
        return child.isAlive() && signal(child.pid(), signalName);
    }

    /**
     * Runs an action that opens one file and closes it again (creates a stop file, say), and when it failed, again
     * with a descriptor held in reserve given back to the system for it, for when this JVM has used up all the
     * others (Linux: {@link DescriptorReserve}, one lending at a time, the first try inside its guard so that it
     * takes no descriptor lent to another thread; elsewhere the action runs once). The action must not itself call
     * this method (it would wait for itself).
     *
     * @return what the action returned
     * @throws IOException the action's own, when it failed even so
     */
    default <T> T openSparingly(Callable<T> action) throws IOException {
        return callOpen(action);
    }

    /**
     * Runs an open so that it takes no descriptor lent meanwhile by {@link #openSparingly} to another thread (Linux:
     * waits while one is lent; elsewhere just runs); it never borrows one itself. For an open whose descriptor is
     * kept for a while (a process's log file), which would otherwise hold the lent descriptor, and the reserve's
     * with it, for as long.
     *
     * @return what the open returned
     * @throws IOException the open's own
     */
    default <T> T openGuarded(Callable<T> open) throws IOException {
        return callOpen(open);
    }

    private static <T> T callOpen(Callable<T> action) throws IOException {
        try {
            return action.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signal numbers of this system. */
    default SignalTable signals() {
        return SignalTable.current();
    }

    /** Lazily chosen implementation. */
    final class Holder {
        private static final OperatingSystem CURRENT = choose(System.getProperty("os.name", ""));

        private Holder() {
        }

        static OperatingSystem choose(String osName) {
            String os = osName.toLowerCase(Locale.ROOT);
            if (os.contains("linux")) {
                return new LinuxOperatingSystem();
            }
            // not contains("win"): "Darwin" (which SignalTable takes for macOS) contains it too
            if (os.startsWith("windows")) {
                return new PortableOperatingSystem(false);
            }
            return new PortableOperatingSystem(true);
        }
    }
}
