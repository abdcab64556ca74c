package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-record kernel file that this JVM reads for nearly every process it ends ({@code /proc/loadavg}, for the
 * cookie sweep's last pid), read through a descriptor opened at the first read and kept for the JVM's life: one
 * {@code pread} from its start, where a {@code seq_file} makes its record anew, instead of an open, a read and a
 * close. A loop here: 1.6 against 5.9 µs a read; a suite test's sweep: some 15 µs of its CPU less (BENCHMARKS.md,
 * twenty-ninth session). One descriptor more for the run, which each launch's {@code jspawnhelper} closes.
 *
 * <p>A read through the kept descriptor that fails (an interrupt of a reading thread closes the channel, for that
 * read and for any other under way) drops it, and that read goes the usual way ({@link KernelFile#readRecord}); the
 * next read opens the file again. Where no descriptor can be had, every read goes the usual way.
 */
final class KeptRecordFile {

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
        return KernelFile.readRecord(file, initialSize);
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

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only channel: nothing is lost
        }
    }
}
