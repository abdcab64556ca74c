package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The pid namespace of a process, as Linux names it ({@code /proc/<pid>/ns/pid} links to {@code pid:[<inode>]}). A
 * pid means something only in its own namespace: a test JVM in a sandbox or container ({@code unshare -p},
 * {@code bwrap}, Bazel's sandbox) that shares the cgroup tree, or whose processes this JVM can see, gives pids that
 * name other processes here, or none.
 */
public final class PidNamespace {

    private static final Optional<String> OF_THIS_PROCESS = of("self");

    private PidNamespace() {
    }

    /** This JVM's pid namespace (the inode number, as digits), or empty where it cannot be read (not Linux). */
    public static Optional<String> ofThisProcess() {
        return OF_THIS_PROCESS;
    }

    /** A process's pid namespace, or empty when it cannot be read (gone, another user's, not Linux). */
    public static Optional<String> of(long pid) {
        return of(Long.toString(pid));
    }

    private static Optional<String> of(String pid) {
        try {
            String link = Files.readSymbolicLink(Paths.get("/proc", pid, "ns", "pid")).toString();
            int open = link.indexOf('[');
            int close = link.indexOf(']', open + 1);
            if (!link.startsWith("pid:") || open < 0 || close < 0) {
                return Optional.empty();
            }
            String inode = link.substring(open + 1, close);
            return inode.isEmpty() || !inode.chars().allMatch(Character::isDigit) ? Optional.empty()
                    : Optional.of(inode);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
