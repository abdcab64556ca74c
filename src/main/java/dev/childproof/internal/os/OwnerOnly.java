package dev.childproof.internal.os;

import java.nio.file.FileSystems;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The attributes that make a new file or directory its owner's alone ({@code rw-------}, {@code rwx------}) where the
 * file system has POSIX permissions; none elsewhere, where what is made gets the permissions its directory gives.
 * For the run's private directory, its files and the logs. The arrays are shared: pass them, never change them.
 */
public final class OwnerOnly {

    /** For a file: {@code rw-------}. */
    public static final FileAttribute<?>[] FILE = of("rw-------");
    /** For a directory: {@code rwx------}. */
    public static final FileAttribute<?>[] DIRECTORY = of("rwx------");

    private OwnerOnly() {
    }

    private static FileAttribute<?>[] of(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        permissions))}
                : new FileAttribute<?>[0];
    }
}
