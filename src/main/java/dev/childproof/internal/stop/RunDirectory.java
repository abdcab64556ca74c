package dev.childproof.internal.stop;

import dev.childproof.internal.RandomBits;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.OwnerOnly;
import dev.childproof.internal.os.PidNamespace;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.internal.reap.WatchdogClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private directory of this run (owner-only permissions where the file system has them) for stop files and
 * ready files, with one empty file the stop files are hard links of ({@link #link}); deleted when the JVM exits,
 * and by the watchdog when the JVM is killed (told the directory's device, inode and owner, it removes it only while
 * the path still leads to that directory). Its name,
 * {@code childproof-<run id>-<jvm pid>-<start time>-<pid namespace>-<random>} (the run id's first 12 digits), gives
 * the JVM that made it, so that a later run's start-up sweep can tell it is left when that JVM and its watchdog were
 * killed together; where that JVM cannot be told (not Linux), the name is {@code childproof-<run id>-<random>}.
 */
public final class RunDirectory {

    /** How every run directory's name starts. */
    public static final String PREFIX = "childproof-";

    private static final RunDirectory INSTANCE = new RunDirectory();

    /**
     * The empty file stop files are made as hard links of ({@link #link}): {@code link(2)} takes no descriptor and
     * allocates no inode, where a new file does both (on this project's ext4 {@code /tmp} 4 to 5 µs against 40 to
     * 64 µs in a loop: BENCHMARKS.md, twenty-first session).
     */
    static final String LINK_TARGET = "stop-file-target";

    private final AtomicLong next = new AtomicLong();
    private volatile Path dir;

    private RunDirectory() {
    }

    /** The directory of this JVM. */
    public static RunDirectory instance() {
        return INSTANCE;
    }

    /** A path for a new file in the directory (not created). */
    public Path newFile(String prefix) {
        return dir().resolve(prefix + "-" + next.incrementAndGet());
    }

    /**
     * Makes an empty file of the directory ({@code file}, a path {@link #newFile} gave) as a hard link of the
     * directory's own empty file, without a descriptor.
     *
     * @return true when the file is there (made now, or there already: a child made it); false when it could not be
     *     linked (the directory or its empty file was removed, the file system has no hard links, the link count's
     *     limit), for the caller to create it instead
     */
    public boolean link(Path file) {
        try {
            Files.createLink(file, file.resolveSibling(LINK_TARGET));
            return true;
        } catch (FileAlreadyExistsException e) {
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private Path dir() {
        Path current = dir;
        if (current == null) {
            synchronized (this) {
                current = dir;
                if (current == null) {
                    current = create();
                    dir = current;
                }
            }
        }
        return current;
    }

    /**
     * Makes the directory again, owner-only, when something removed it during the run (a child's {@code rm -rf} of
     * its stop file's directory): the stop files of the run's later stop requests go there.
     *
     * @throws IOException when it cannot be made
     */
    public void restore() throws IOException {
        Path current = dir();
        if (!Files.isDirectory(current)) {
            Files.createDirectories(current, OwnerOnly.DIRECTORY);
            WatchdogClient.instance().runDirectory(current); // another inode now
            makeLinkTarget(current);
        }
    }

    private static void makeLinkTarget(Path dir) {
        try {
            Files.createFile(dir.resolve(LINK_TARGET), OwnerOnly.FILE);
        } catch (IOException | UnsupportedOperationException e) {
            // stop files are then created as new files (link fails)
        }
    }

    /** Where run directories are made: {@code java.io.tmpdir}, absolute. */
    public static Path temporaryDirectory() {
        // absolute: children run in other working directories, and get these paths in their environment
        return Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    private static Path create() {
        Path tmp = temporaryDirectory();
        String runId = RunCookie.current().runId();
        String name = Maker.thisJvm().map(maker -> maker.namePrefix(runId))
                .orElse(PREFIX + runId.substring(0, 12) + "-");
        try {
            Path created = createUnique(tmp, name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created), "childproof-run-dir-cleanup"));
            WatchdogClient.instance().runDirectory(created);
            makeLinkTarget(created);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Childproof's private directory under " + tmp, e);
        }
    }

    /**
     * Makes a directory, its owner's alone, named the prefix and random digits, as
     * {@code Files.createTempDirectory} does: a name taken (by chance, or planted by someone who guessed it) is
     * tried again with other digits. The digits come from {@link RandomBits}, not from the JDK's temporary-file
     * helper, whose {@code SecureRandom}'s first use loads the security providers (see {@link RandomBits}).
     */
    private static Path createUnique(Path tmp, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(tmp.resolve(prefix + Long.toUnsignedString(RandomBits.nextLong())),
                        OwnerOnly.DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                // taken: other digits
            }
        }
    }

    /**
     * The JVM that made a run directory, as the directory's name gives it.
     *
     * @param pid its pid
     * @param startTime its start-time token ({@link OperatingSystem#startTime}: clock ticks since boot on Linux)
     * @param pidNamespace its pid namespace ({@link PidNamespace}), where the pid means this process
     */
    public record Maker(long pid, long startTime, String pidNamespace) {

        private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX)
                + "[0-9a-f]{12}-([0-9]{1,18})-([0-9]{1,18})-([0-9]{1,18})-[0-9]+");
        /** Read once: the run directory's name and the start-up sweep both need it. */
        private static final Optional<Maker> THIS_JVM = read();

        /**
         * The maker a run directory's name gives, or empty for any other name (that of an older version, or of a
         * JVM that could not tell its own start time and namespace).
         */
        public static Optional<Maker> of(String name) {
            Matcher matcher = NAME.matcher(name);
            return matcher.matches() ? Optional.of(new Maker(Long.parseLong(matcher.group(1)),
                    Long.parseLong(matcher.group(2)), matcher.group(3))) : Optional.empty();
        }

        /**
         * How the name of a run directory this maker makes for a run starts (the random part follows); of the run
         * id, the first 12 digits are taken.
         */
        public String namePrefix(String runId) {
            return PREFIX + runId.substring(0, 12) + "-" + pid + "-" + startTime + "-" + pidNamespace + "-";
        }

        /**
         * This JVM, or empty where its start time or pid namespace cannot be read, or {@code /proc} is not that of
         * its pid namespace (it would name another process by this pid).
         */
        public static Optional<Maker> thisJvm() {
            return THIS_JVM;
        }

        private static Optional<Maker> read() {
            long pid = ProcessHandle.current().pid();
            Optional<String> namespace = PidNamespace.ofThisProcess();
            OptionalLong start = OperatingSystem.current().startTime(pid);
            try {
                if (namespace.isEmpty() || start.isEmpty()
                        || !Files.readSymbolicLink(Paths.get("/proc", "self")).toString().equals(Long.toString(pid))) {
                    return Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            return Optional.of(new Maker(pid, start.getAsLong(), namespace.get()));
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // the directory is in the temporary directory; the system cleans it eventually
        }
    }
}
