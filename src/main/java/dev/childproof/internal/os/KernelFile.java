package dev.childproof.internal.os;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Reads the small files the kernel makes up on each read ({@code /proc/<pid>/stat}, {@code cgroup.events}, ...):
 * one open, reads into one small array, one close. They report a size of 0, and the stop and cleanup paths read a
 * few of them per process, mostly before the JIT has compiled those paths, so the reading goes through as few
 * methods as possible: {@code Files.readAllBytes} goes through a channel, a stream over it and a direct buffer,
 * {@code Files.readAllLines} through a reader with an 8 K char buffer (BENCHMARKS.md, "fourth session").
 */
final class KernelFile {

    private KernelFile() {
    }

    /**
     * The whole content.
     *
     * @param initialSize the first array's size: enough for the usual content
     * @throws IOException when the file cannot be opened (the process or cgroup is gone) or read
     */
    static byte[] read(Path file, int initialSize) throws IOException {
        return read(file.toString(), initialSize, false);
    }

    /**
     * The whole content of a file the kernel makes as one record on each read ({@code /proc/<pid>/stat},
     * {@code /proc/loadavg}, {@code cgroup.events}: a {@code seq_file} with a single record). Such a file comes whole
     * in the first read that has room for it, so a read that leaves room is the last: no second read only to see
     * end-of-file (one system call less per file; not for files of many records, such as {@code cgroup.procs},
     * where a read stops short before a record that does not fit).
     *
     * @param initialSize the first array's size: enough for the usual content
     * @throws IOException when the file cannot be opened (the process or cgroup is gone) or read
     */
    static byte[] readRecord(Path file, int initialSize) throws IOException {
        return read(file.toString(), initialSize, true);
    }

    /**
     * As {@link #readRecord(Path, int)}, but when the file is there and no descriptor is free (a test that leaks files
     * up to {@code ulimit -n}), read with the {@link DescriptorReserve}'s.
     *
     * @throws IOException when the file cannot be opened (it is gone) or read
     */
    static byte[] readRecordSparingly(Path file, int initialSize) throws IOException {
        return readSparingly(file.toString(), initialSize, true);
    }

    /**
     * The whole content of a one-record file ({@link #readRecord}) through a descriptor kept open on it: one read
     * from its start, at which a {@code seq_file} makes its record anew. No open, no close, and no descriptor taken.
     *
     * @param initialSize the first buffer's size: enough for the usual content
     * @throws IOException when the read fails: the file's cgroup was removed ({@code ENODEV}), or the channel was
     *     closed (by another thread, or by an interrupt of this one)
     */
    static byte[] readRecord(FileChannel kept, int initialSize) throws IOException {
        for (int size = initialSize; ; size *= 2) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            int n = kept.read(buffer, 0);
            if (n < size) {
                return Arrays.copyOf(buffer.array(), Math.max(n, 0)); // -1: empty
            }
        }
    }

    /**
     * The whole content, or null when the file is not there, as a gone process's is not. Checked first because a
     * failed open throws, and making the exception (its stack trace) costs several times the check: 11-23 µs
     * against 3.5 µs measured, more under a deep JUnit stack. The stop and cleanup paths ask mostly about
     * processes that are gone. A file that is there but cannot be read counts as absent (another user's
     * {@code environ}); where that would take an unreadable process for a gone one, {@link #readRecordUnlessGone}
     * tells the two apart.
     */
    static byte[] readIfPresent(Path file, int initialSize) {
        String name = file.toString();
        if (!new File(name).exists()) {
            return null;
        }
        try {
            return read(name, initialSize, false);
        } catch (IOException | SecurityException e) {
            return null; // gone between the check and the open
        }
    }

    /**
     * The whole content of a one-record file (see {@link #readRecord}), or null when the file is not there, as a
     * gone process's is not; looked for first. A file that is there but cannot be opened is tried again with the
     * {@link DescriptorReserve}'s descriptor, since this JVM may have used up all the others. For the files of the
     * extension's own processes and cgroups, which it can always read otherwise: a file it may not read would be
     * tried again each time.
     *
     * @throws IOException when the file is there and cannot be read even so: what it says is unknown, not absent
     */
    static byte[] readRecordUnlessGone(Path file, int initialSize) throws IOException {
        String name = file.toString();
        return new File(name).exists() ? readRecordUnlessGoneMeanwhile(name, initialSize) : null;
    }

    /**
     * As {@link #readRecordUnlessGone}, for a file that is there nearly always (the stat file of a process just
     * launched, or of one about to be asked to stop): it is opened without a look first, which is a system call of
     * its own, and only a failed open looks; a file that is not there costs the failed open's exception instead
     * (see {@link #readIfPresent}).
     */
    static byte[] readRecordUnlessGoneLikelyThere(Path file, int initialSize) throws IOException {
        return readRecordUnlessGoneMeanwhile(file.toString(), initialSize);
    }

    private static byte[] readRecordUnlessGoneMeanwhile(String name, int initialSize) throws IOException {
        try {
            return readSparingly(name, initialSize, true);
        } catch (IOException e) {
            if (!new File(name).exists()) {
                return null; // gone before the open
            }
            throw e;
        }
    }

    /** Reads, and when the file is there but the open failed, reads again with the reserve's descriptor. */
    private static byte[] readSparingly(String file, int initialSize, boolean oneRecord) throws IOException {
        try {
            return read(file, initialSize, oneRecord);
        } catch (IOException e) {
            return withReserve(file, e, () -> read(file, initialSize, oneRecord));
        }
    }

    /**
     * After an action on the file failed: runs it again with the {@link DescriptorReserve}'s descriptor when the file
     * is there, else throws the failure. A stat needs no descriptor, and a file that is not there (the common failure:
     * a gone process's) is not tried again. Only failures come here: the first try makes no lambda.
     */
    private static <T> T withReserve(String file, IOException failure, Callable<T> action) throws IOException {
        if (!new File(file).exists()) {
            throw failure;
        }
        return DescriptorReserve.lend(action);
    }

    /**
     * The names in a directory ({@code /proc}, {@code /proc/<pid>/task}), by {@link File#list()}: fewer methods and
     * objects than a {@code DirectoryStream}. A directory that is there but cannot be opened is listed again with the
     * {@link DescriptorReserve}'s descriptor, since this JVM may have used up all the others.
     *
     * @return the names, or null when the directory is gone or cannot be listed even so
     */
    static String[] list(Path directory) {
        File dir = directory.toFile();
        String[] names;
        try (DescriptorReserve.Guard ignored = DescriptorReserve.guard()) {
            names = dir.list();
        }
        if (names != null || !dir.exists()) {
            return names;
        }
        try {
            return DescriptorReserve.lend(() -> {
                String[] listed = dir.list();
                if (listed == null) {
                    throw new IOException("cannot list " + dir); // tried again: another thread took the descriptor
                }
                return listed;
            });
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes a few bytes to a kernel file ({@code cgroup.kill}), with the {@link DescriptorReserve}'s descriptor when
     * this JVM has none other.
     *
     * @throws IOException when the file cannot be opened or written even so
     */
    static void write(Path file, byte[] bytes) throws IOException {
        String name = file.toString();
        try {
            writeOnce(name, bytes);
        } catch (IOException e) {
            withReserve(name, e, () -> writeOnce(name, bytes));
        }
    }

    private static Void writeOnce(String file, byte[] bytes) throws IOException {
        try (DescriptorReserve.Guard ignored = DescriptorReserve.guard();
                FileOutputStream out = new FileOutputStream(file)) {
            out.write(bytes);
        }
        return null;
    }

    /**
     * Inside the {@link DescriptorReserve#guard()}: takes no descriptor lent to another thread's action.
     *
     * @param oneRecord whether the file is one record ({@link #readRecord}), so that a read which left room was the
     *     last
     */
    private static byte[] read(String file, int initialSize, boolean oneRecord) throws IOException {
        try (DescriptorReserve.Guard ignored = DescriptorReserve.guard();
                FileInputStream in = new FileInputStream(file)) {
            byte[] bytes = new byte[initialSize];
            int length = 0;
            for (int n; (n = in.read(bytes, length, bytes.length - length)) > 0; ) {
                length += n;
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                } else if (oneRecord) {
                    break;
                }
            }
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    /**
     * The numbers of a file that lists them separated by spaces or newlines ({@code cgroup.procs},
     * {@code /proc/<pid>/task/<tid>/children}); a file that is there is read with the reserve's descriptor if need
     * be (see {@link #readRecordUnlessGone}).
     *
     * @throws IOException when the file cannot be opened or read
     */
    static List<Long> numbers(Path file) throws IOException {
        List<Long> numbers = new ArrayList<>();
        long number = -1;
        for (byte b : readSparingly(file.toString(), 64, false)) {
            if (b >= '0' && b <= '9') {
                number = (number < 0 ? 0 : number * 10) + (b - '0');
            } else if (number >= 0) {
                numbers.add(number);
                number = -1;
            }
        }
        if (number >= 0) {
            numbers.add(number);
        }
        return numbers;
    }

    /**
     * A value of a flat keyed file of one record ({@code key value} lines, as {@code cgroup.events} and
     * {@code cgroup.stat}; see {@link #readRecord}); 0 when the file or the key is missing or unreadable (read with
     * the reserve's descriptor if need be).
     */
    static long keyedValue(Path file, String key) {
        byte[] bytes;
        try {
            bytes = readSparingly(file.toString(), 256, true);
        } catch (IOException | SecurityException e) {
            return 0;
        }
        return keyedValue(bytes, key);
    }

    /** A value of the content of a flat keyed file ({@link #keyedValue(Path, String)}); 0 when the key is missing. */
    static long keyedValue(byte[] bytes, String key) {
        for (int lineStart = 0; lineStart < bytes.length; ) {
            int lineEnd = indexOf(bytes, lineStart, bytes.length, (byte) '\n');
            if (startsWith(bytes, lineStart, lineEnd, key, ' ')) {
                return parseLong(bytes, lineStart + key.length() + 1, lineEnd);
            }
            lineStart = lineEnd + 1;
        }
        return 0;
    }

    /**
     * Where the byte is first in {@code [from, to)}, or {@code to}. The loops that cut lines and fields use it rather
     * than running one past the end with a check for it inside ({@code i <= length}, then {@code i == length ||
     * bytes[i] == ...}): C2 hoists the array's bounds check out of such a loop on a limit one too far, the hoisted
     * check fails at the first run, and the method is compiled again, and once more after a second trap
     * ({@code keyedValue}: three times in 1,300 {@code /bin/true} cycles, 139 ms of the compiler's time,
     * BENCHMARKS.md).
     */
    static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** Whether the bytes in {@code [from, to)} start with an ASCII key followed by the separator. */
    static boolean startsWith(byte[] bytes, int from, int to, String key, char separator) {
        if (to - from <= key.length() || bytes[from + key.length()] != separator) {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            if (bytes[from + k] != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static long parseLong(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }
}
