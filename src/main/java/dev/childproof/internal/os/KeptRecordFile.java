package dev.childproof.internal.os;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-record kernel file that this JVM reads again and again, read through a descriptor opened at the first read and
 * kept until {@link #close()}: one {@code pread} from its start, where a {@code seq_file} makes its record anew,
 * instead of an open, a read and a close. Used for each cgroup's {@code cgroup.events} (BENCHMARKS.md, twenty-fifth
 * session) and for {@code /proc/loadavg}, the cookie sweep's last pid (a loop here: 1.6 against 5.9 µs a read; 17 µs
 * of the launching thread's CPU a stopped-{@code sleep} cycle, twenty-ninth session). Each launch's
 * {@code jspawnhelper} closes the kept descriptors again.
 *
 * <p>A read through the kept descriptor that fails (the file's cgroup was removed; an interrupt of a reading thread
 * closes the channel, for that read and for any other under way) drops it, and that read goes the usual way, with the
 * descriptor reserve's if need be ({@link KernelFile#readRecordSparingly}); the next read opens the file again. Where
 * the file cannot be opened (gone, or no descriptor free), every read goes the usual way.
 */
final class KeptRecordFile implements Closeable {

    private final Path file;
    private final int initialSize;
    private final AtomicReference<FileChannel> kept = new AtomicReference<>();

    /**
     * @param file the one-record file
     * @param initialSize the first buffer's size: enough for the usual record
     */
    KeptRecordFile(Path file, int initialSize) {
        this.file = file;
        this.initialSize = initialSize;
    }

    /**
     * The record as the kernel makes it now.
     *
     * @throws IOException when the file can be read neither through the kept descriptor nor the usual way
     */
    byte[] read() throws IOException {
        FileChannel channel = kept.get();
        if (channel == null) {
            channel = open();
        }
        if (channel != null) {
            try {
                return KernelFile.readRecord(channel, initialSize);
            } catch (IOException e) {
                if (kept.compareAndSet(channel, null)) {
                    close(channel);
                }
            }
        }
        return KernelFile.readRecordSparingly(file, initialSize);
    }

    /** The kept channel, opened now unless another thread did so first; null when the file cannot be opened. */
    private FileChannel open() {
        FileChannel opened;
        try (DescriptorReserve.Guard ignored = DescriptorReserve.guard()) {
            opened = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException | SecurityException e) {
            return null;
        }
        if (kept.compareAndSet(null, opened)) {
            return opened;
        }
        close(opened); // another thread's is kept
        return kept.get();
    }

    /** Whether a descriptor is kept on the file now. */
    boolean isOpen() {
        return kept.get() != null;
    }

    /**
     * Closes the kept descriptor, if one is; a later read opens the file again (so close only once the file is gone,
     * as a removed cgroup's is, or no read follows).
     */
    @Override
    public void close() {
        FileChannel channel = kept.getAndSet(null);
        if (channel != null) {
            close(channel);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only channel: nothing is lost
        }
    }
}
