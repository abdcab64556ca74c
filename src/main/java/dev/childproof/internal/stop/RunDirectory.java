package dev.childproof.internal.stop;

import dev.childproof.internal.reap.RunCookie;
import dev.childproof.internal.reap.WatchdogClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A private directory of this run (owner-only permissions where the file system has them) for stop files and
 * ready files; deleted when the JVM exits, and by the watchdog when the JVM is killed (told the directory's device,
 * inode and owner, it removes it only while the path still leads to that directory).
 */
public final class RunDirectory {

    private static final RunDirectory INSTANCE = new RunDirectory();
    /** {@code rwx------} where the file system has POSIX permissions; nothing elsewhere. */
    private static final FileAttribute<?>[] OWNER_ONLY = FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix") ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

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
            Files.createDirectories(current, OWNER_ONLY);
            WatchdogClient.instance().runDirectory(current); // another inode now
        }
    }

    private static Path create() {
        // absolute: children run in other working directories, and get these paths in their environment
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        String name = "childproof-" + RunCookie.current().runId().substring(0, 12) + "-";
        try {
            Path created = Files.createTempDirectory(tmp, name, OWNER_ONLY);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created), "childproof-run-dir-cleanup"));
            WatchdogClient.instance().runDirectory(created);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Childproof's private directory under " + tmp, e);
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
