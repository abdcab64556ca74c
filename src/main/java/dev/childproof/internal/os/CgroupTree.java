package dev.childproof.internal.os;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cgroup (version 2) directory and what the extension does with it: make children, list and kill the
 * processes inside, remove it. A process that joined a cgroup stays in it with everything it ever forks, whatever
 * its environment, session or title; so everything inside a cgroup made for a launched process is provably ours.
 *
 * <p>An instance can be {@linkplain #retire() retired}: from then on it sees nothing inside and kills nothing,
 * while another instance for the same directory may serve a later process (see {@code Containment}, which reuses
 * emptied cgroups). Reading and killing are atomic with respect to retiring.
 */
public final class CgroupTree {

    /** The {@code cgroup.procs} files moves went through, open, by path; see {@link #join}. */
    private static final Map<Path, FileOutputStream> OPEN_PROCS = new ConcurrentHashMap<>();
    /** The {@code cgroup.events} files read, kept open, by path; see {@link #isPopulated}. */
    private static final Map<Path, KeptRecordFile> OPEN_EVENTS = new ConcurrentHashMap<>();

    private final Path dir;
    /** Guarded by this: whether this handle no longer stands for the cgroup's processes. */
    private boolean retired;

    private CgroupTree(Path dir) {
        this.dir = dir;
    }

    /** The cgroup at a directory of a cgroup2 file system. */
    public static CgroupTree at(Path dir) {
        return new CgroupTree(dir);
    }

    /**
     * The cgroup2 directory this process belongs to, found from {@code /proc/self/mountinfo} and
     * {@code /proc/self/cgroup}; empty where there is none (not Linux, no cgroup2 mount).
     */
    public static Optional<CgroupTree> ofThisProcess() {
        try {
            Optional<Path> mount = mountInfo().map(line -> Paths.get(line.split(" ")[4]));
            if (mount.isEmpty()) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(Paths.get("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
                if (line.startsWith("0::")) {
                    String relative = line.substring(3).replaceFirst("^/", "");
                    Path own = relative.isEmpty() ? mount.get() : mount.get().resolve(relative);
                    return Files.isDirectory(own) ? Optional.of(new CgroupTree(own)) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, unreadable: no cgroup
        }
        return Optional.empty();
    }

    /**
     * The line of {@code /proc/self/mountinfo} that mounts the cgroup2 file system: its mount point is the fifth
     * field, its super options the third after the {@code " - "} separator. Empty where there is none.
     */
    public static Optional<String> mountInfo() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            int dash = line.indexOf(" - ");
            if (dash > 0 && line.startsWith("cgroup2 ", dash + 3)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The file a process writes its pid to in order to join. */
    public Path procsFile() {
        return dir.resolve("cgroup.procs");
    }

    /**
     * Moves a process into the cgroup whose {@code cgroup.procs} file is given: one write of its pid. The file is
     * opened at the first move into the cgroup and kept open until the cgroup is removed ({@link #removeIfEmpty}),
     * so a move into a cgroup kept for reuse is a write alone, not an open of its long path, a check that it is no
     * directory and a close as well: some 30 µs of CPU a test in the 500-test suite's profile (BENCHMARKS.md). The
     * JDK closes every descriptor above the standard streams in a child it launches, so no process inherits one; a
     * run holds one per cgroup it has made and not removed (those in use, and at most {@code Containment.KEPT}
     * emptied ones).
     *
     * @throws IOException when the process could not be moved: it is gone, or the cgroup is
     */
    public static void join(long pid, Path procs) throws IOException {
        byte[] line = Long.toString(pid).getBytes(StandardCharsets.US_ASCII);
        FileOutputStream held = OPEN_PROCS.get(procs);
        if (held != null) {
            try {
                write(held, line);
                return;
            } catch (IOException e) {
                // the process is gone, or the file is (a cgroup removed behind this JVM's back and made again):
                // the descriptor is dropped, and one open tells
                if (OPEN_PROCS.remove(procs, held)) {
                    closeQuietly(held);
                }
            }
        }
        FileOutputStream opened = new FileOutputStream(procs.toString(), true);
        FileOutputStream raced = OPEN_PROCS.putIfAbsent(procs, opened);
        if (raced != null) {
            closeQuietly(opened); // another thread opened it meanwhile (a cgroup's moves come one at a time)
            opened = raced;
        }
        write(opened, line);
    }

    private static void write(FileOutputStream out, byte[] line) throws IOException {
        synchronized (out) {
            out.write(line);
        }
    }

    private static void closeQuietly(Closeable out) {
        try {
            out.close();
        } catch (IOException e) {
            // nothing was buffered: a close of a cgroup file loses nothing
        }
    }

    /**
     * Makes a child cgroup, or finds it made already.
     *
     * @return it, or empty when this process may not (the hierarchy is not writable)
     */
    public Optional<CgroupTree> child(String name) {
        Path child = dir.resolve(name);
        try {
            Files.createDirectories(child);
            return Files.isWritable(child.resolve("cgroup.procs")) ? Optional.of(new CgroupTree(child))
                    : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes a new child cgroup in one {@code mkdir}, for a cgroup whose own writability {@link #child} checked:
     * the kernel gives the maker of a cgroup its interface files.
     *
     * @return it, or empty when it cannot be made (or exists already)
     */
    public Optional<CgroupTree> newChild(String name) {
        Path child = dir.resolve(name);
        try {
            Files.createDirectory(child);
            return Optional.of(new CgroupTree(child));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes this handle stand for nothing: once this returns, it reads no process inside and kills none, and a
     * read or kill begun before has ended. For a cgroup emptied and handed to another process.
     */
    public synchronized void retire() {
        retired = true;
    }

    /**
     * The child cgroups. One read of {@code cgroup.stat} first: a cgroup made for a process rarely has children,
     * and listing a cgroup directory costs a stat of each of its twenty-odd interface files.
     */
    public List<CgroupTree> children() {
        if (statistic("nr_descendants") == 0) {
            return List.of();
        }
        List<CgroupTree> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(entry -> children.add(new CgroupTree(entry)));
        } catch (IOException | SecurityException e) {
            // gone: no children
        }
        return children;
    }

    /**
     * Whether a process is inside, here or below: one read of {@code cgroup.events}, which the kernel keeps for
     * the whole subtree. False when the cgroup is gone. The file is opened at the cgroup's first read and kept open
     * until the cgroup is removed ({@link #removeIfEmpty}), as {@code cgroup.procs} is for moves ({@link #join}): a
     * test reads it twice as its process ends (the ladder's look for leftovers, then the cleanup's), and each read
     * is then one {@code pread} instead of an open of its long path, a read and a close (BENCHMARKS.md,
     * twenty-fifth session).
     */
    public synchronized boolean isPopulated() {
        return !retired && populated(eventsFile());
    }

    private static boolean populated(Path events) {
        try {
            return KernelFile.keyedValue(OPEN_EVENTS.computeIfAbsent(events, file -> new KeptRecordFile(file, 64))
                    .read(), "populated") != 0;
        } catch (IOException | SecurityException e) {
            return false; // gone
        }
    }

    /** The pids of this cgroup and of every cgroup below it. */
    public synchronized List<Long> pids() {
        if (!isPopulated()) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        try {
            pids.addAll(KernelFile.numbers(procsFile()));
        } catch (IOException | SecurityException e) {
            // gone: no processes
        }
        for (CgroupTree child : children()) {
            pids.addAll(child.pids());
        }
        return pids;
    }

    private long statistic(String key) {
        return keyedValue("cgroup.stat", key);
    }

    private long keyedValue(String file, String key) {
        return KernelFile.keyedValue(dir.resolve(file), key);
    }

    /**
     * SIGKILLs every process in this cgroup and below: at once through {@code cgroup.kill} where the kernel has
     * it (5.14+), else one by one (a process inside is ours by construction, so no identity check is needed).
     *
     * @return the pids that were inside
     */
    public synchronized List<Long> killAll(OperatingSystem os) {
        List<Long> inside = pids();
        if (inside.isEmpty()) {
            return inside;
        }
        Path kill = dir.resolve("cgroup.kill");
        boolean killed = false;
        if (Files.exists(kill)) {
            try {
                KernelFile.write(kill, "1".getBytes(StandardCharsets.US_ASCII)); // with the reserve if need be
                killed = true;
            } catch (IOException | SecurityException e) {
                // fall back to signals
            }
        }
        if (!killed) {
            for (long pid : inside) {
                os.signal(pid, "KILL");
            }
        }
        return inside;
    }

    /**
     * Removes this cgroup and those below it; the kernel refuses while a process is inside.
     *
     * @return whether it is gone
     */
    public boolean remove() {
        if (removeIfEmpty()) {
            return true;
        }
        for (CgroupTree child : children()) {
            child.remove();
        }
        return removeIfEmpty();
    }

    /**
     * Removes this cgroup if nothing is inside: one {@code rmdir}, which the kernel refuses while a process or a
     * child cgroup is inside.
     *
     * @return whether it is gone (removed now, or never there)
     */
    public boolean removeIfEmpty() {
        boolean gone;
        try {
            Files.deleteIfExists(dir);
            gone = true;
        } catch (IOException | SecurityException e) {
            gone = !Files.exists(dir);
        }
        if (gone) {
            closeKept(OPEN_PROCS, procsFile());
            closeKept(OPEN_EVENTS, eventsFile());
        }
        return gone;
    }

    /** Closes and forgets the descriptor kept on a file of a removed cgroup, if one is. */
    private static void closeKept(Map<Path, ? extends Closeable> kept, Path file) {
        Closeable open = kept.remove(file);
        if (open != null) {
            closeQuietly(open);
        }
    }

    /** Whether this JVM holds the cgroup's {@code cgroup.procs} open for moves (see {@link #join}). */
    public boolean holdsProcsFile() {
        return OPEN_PROCS.containsKey(procsFile());
    }

    /** Whether this JVM holds the cgroup's {@code cgroup.events} open for reads (see {@link #isPopulated}). */
    public boolean holdsEventsFile() {
        KeptRecordFile events = OPEN_EVENTS.get(eventsFile());
        return events != null && events.isOpen();
    }

    private Path eventsFile() {
        return dir.resolve("cgroup.events");
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
