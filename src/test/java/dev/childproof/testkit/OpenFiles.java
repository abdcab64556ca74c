package dev.childproof.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** What the test JVM has open, from {@code /proc/self/fd} (Linux). */
public final class OpenFiles {

    private OpenFiles() {
    }

    /**
     * The paths this JVM's descriptors are open on now, one per descriptor ({@code pipe:[...]} and the like for those
     * that are not files).
     */
    public static List<Path> ofThisJvm() throws IOException {
        List<Path> open = new ArrayList<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    open.add(Files.readSymbolicLink(descriptor));
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        return open;
    }

    /** How many of this JVM's descriptors are open on the file now. */
    public static long countOn(Path file) throws IOException {
        return ofThisJvm().stream().filter(file::equals).count();
    }
}
