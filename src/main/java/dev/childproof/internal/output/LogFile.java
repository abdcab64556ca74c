package dev.childproof.internal.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The full log of one process: every line of both streams in arrival order, each marked {@code [out]} or
 * {@code [err]}. Created owner-readable only. A failure to write is remembered and reported once, never thrown
 * into the drainers (a child must never block because its log cannot be written).
 */
final class LogFile implements AutoCloseable {

    private final Path path;
    private Writer writer;
    private IOException failure;

    LogFile(Path path) {
        this.path = path;
        try {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            failure = e;
        }
    }

    Path path() {
        return path;
    }

    synchronized void write(OutputLine line) {
        if (writer == null) {
            return;
        }
        try {
            writer.write('[');
            writer.write(line.stream().mark());
            writer.write("] ");
            writer.write(line.text());
            writer.write('\n');
        } catch (IOException e) {
            fail(e);
        }
    }

    synchronized void flush() {
        if (writer == null) {
            return;
        }
        try {
            writer.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failure = e;
        try {
            writer.close();
        } catch (IOException ignored) {
            // already failing
        }
        writer = null;
    }

    synchronized IOException failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = e;
            }
            writer = null;
        }
    }
}
