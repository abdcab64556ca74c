package dev.childproof.internal.watchdog;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * A directory the test JVM made (its run directory), known by its path and by what it was when made: device, inode
 * and owning user. The watchdog removes it, contents included, once it has ended what a killed JVM left, and only
 * while the path still leads to that very directory: it follows no symbolic link (one inside is removed itself,
 * never what it points to) and removes nothing when the identity differs (the directory was replaced, or the
 * system cannot tell).
 *
 * @param path the absolute path
 * @param device the device it was made on
 * @param inode its inode number
 * @param owner the user id that owned it
 */
public record OwnedDirectory(Path path, long device, long inode, int owner) {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /**
     * The directory at the path as it is now, or empty where the system does not tell device, inode and owner
     * (the {@code unix} attribute view: Linux and macOS).
     */
    public static Optional<OwnedDirectory> of(Path path) {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino,uid,isDirectory", NO_FOLLOW);
            if (!Boolean.TRUE.equals(attributes.get("isDirectory"))) {
                return Optional.empty();
            }
            return Optional.of(new OwnedDirectory(path.toAbsolutePath(), (Long) attributes.get("dev"),
                    (Long) attributes.get("ino"), (Integer) attributes.get("uid")));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The watchdog's ledger line: {@code D <device> <inode> <owner> <file URI>}, ASCII, no space in the URI. */
    public String ledgerLine() {
        return "D " + device + " " + inode + " " + owner + " " + path.toUri().toASCIIString() + "\n";
    }

    /** The directory of a ledger line split at spaces, or empty when malformed. */
    static Optional<OwnedDirectory> parse(String[] parts) {
        if (parts.length != 5 || !"D".equals(parts[0])) {
            return Optional.empty();
        }
        try {
            Path path = Paths.get(URI.create(parts[4]));
            return Optional.of(new OwnedDirectory(path, Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Integer.parseInt(parts[3])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes the directory and everything in it when the path still leads to it. Its entries are removed through
     * the opened directory ({@code unlinkat} relative to it), so a part of the path swapped for a link meanwhile
     * leads nowhere else.
     *
     * @return whether it is gone now because of this call; false when it was already gone, was not the one made,
     *     or something in it could not be removed
     */
    public boolean remove() {
        try (DirectoryStream<Path> opened = Files.newDirectoryStream(path)) {
            // what was opened, not only what the path leads to now, must be the directory made
            if (!(opened instanceof SecureDirectoryStream<Path> secure) || !isTheOneMade(
                    secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey())) {
                return false; // without removal relative to the opened directory, nothing is removed
            }
            removeEntries(secure);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            // rmdir removes an empty directory only, and never follows a link; checked once more just before
            if (!isTheOneMade(null)) {
                return false;
            }
            Files.delete(path);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the path still leads, without following a link, to the directory made. */
    public boolean isStillThere() {
        try {
            return isTheOneMade(null);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the path leads, without following a link, to a directory with the recorded device, inode and owner,
     * and, when a key is given, with that file key (of the directory opened).
     */
    private boolean isTheOneMade(Object openedKey) throws IOException {
        Map<String, Object> now = Files.readAttributes(path, "unix:dev,ino,uid,isDirectory,fileKey", NO_FOLLOW);
        return Boolean.TRUE.equals(now.get("isDirectory")) && Long.valueOf(device).equals(now.get("dev"))
                && Long.valueOf(inode).equals(now.get("ino")) && Integer.valueOf(owner).equals(now.get("uid"))
                && (openedKey == null || openedKey.equals(now.get("fileKey")));
    }

    private static void removeEntries(SecureDirectoryStream<Path> directory) throws IOException {
        for (Path entry : directory) {
            // relative to the opened directory: an absolute path would be looked up from the root again
            Path name = entry.getFileName();
            BasicFileAttributes attributes = directory.getFileAttributeView(name, BasicFileAttributeView.class,
                    NO_FOLLOW).readAttributes();
            try {
                if (attributes.isDirectory()) {
                    try (SecureDirectoryStream<Path> inner = directory.newDirectoryStream(name, NO_FOLLOW)) {
                        removeEntries(inner);
                    }
                    directory.deleteDirectory(name);
                } else {
                    directory.deleteFile(name); // a symbolic link itself, never its target
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
    }
}
