package dev.childproof.internal.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of a Linux {@code /proc/<pid>/stat} (or {@code task/<tid>/stat}) line that the extension uses.
 * The command name in parentheses may itself hold spaces and parentheses, so fields are counted from the last
 * closing parenthesis.
 */
final class ProcStat {

    /** The line as read, for the command name, made into a string only when asked for. */
    private final byte[] line;
    private final int close;
    private final char state;
    private final long parentPid;
    private final long sessionId;
    private final long flags;
    private final long startTime;

    private ProcStat(byte[] line, int close, char state, long parentPid, long sessionId, long flags,
            long startTime) {
        this.line = line;
        this.close = close;
        this.state = state;
        this.parentPid = parentPid;
        this.sessionId = sessionId;
        this.flags = flags;
        this.startTime = startTime;
    }

    /** The stat file of a thread or process that is most likely there (a task just listed): one open. */
    static Optional<ProcStat> read(Path statFile) {
        try {
            return parse(KernelFile.readRecord(statFile, 512));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The stat file of a process that may well be gone (the stop and cleanup paths ask mostly about such): looked
     * for first, and read with the reserve's descriptor when this JVM has no other, see
     * {@link KernelFile#readRecordUnlessGone}; or, for a process that is there nearly always ({@code likelyThere}:
     * just launched, about to be asked to stop), opened without a look first, see
     * {@link KernelFile#readRecordUnlessGoneLikelyThere}.
     *
     * @return the fields, or empty when the process is gone
     * @throws IOException when the process is there but its file cannot be read: whether it runs is unknown
     */
    static Optional<ProcStat> readUnlessGone(Path statFile, boolean likelyThere) throws IOException {
        byte[] bytes = likelyThere ? KernelFile.readRecordUnlessGoneLikelyThere(statFile, 512)
                : KernelFile.readRecordUnlessGone(statFile, 512);
        return bytes == null ? Optional.empty() : parse(bytes);
    }

    /**
     * Parses the bytes as they were read, without a string per field: {@code split} made some fifty strings per read,
     * and, with {@code trim} and {@code parseLong}, was among the methods the JIT compiled (and compiled again)
     * long into a run of launches (BENCHMARKS.md, fourteenth session). The fields are those of
     * {@code line.substring(close + 2).trim().split(" ")}: separated by single spaces, an empty field where two meet.
     */
    private static Optional<ProcStat> parse(byte[] bytes) {
        return parse(bytes, bytes.length);
    }

    static Optional<ProcStat> parse(String line) {
        return parse(line.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Optional<ProcStat> parse(byte[] bytes, int length) {
        int close = length - 1;
        while (close >= 0 && bytes[close] != ')') {
            close--;
        }
        if (close < 0 || close + 2 >= length) {
            return Optional.empty();
        }
        int from = close + 2;
        int to = length;
        while (from < to && (bytes[from] & 0xFF) <= ' ') {
            from++;
        }
        while (to > from && (bytes[to - 1] & 0xFF) <= ' ') {
            to--;
        }
        // fields[0] is field 3 (state); field 4 is ppid; field 6 is session; field 9 is flags; field 22 is starttime
        long[] wanted = new long[4];
        int field = 0;
        int fieldStart = from;
        char state = 0;
        while (field < 20) { // the fields after starttime are not read
            // the field is [fieldStart, i) (see KernelFile.indexOf for why not one loop to one past the end)
            int i = KernelFile.indexOf(bytes, fieldStart, to, (byte) ' ');
            if (field == 0) {
                if (i == fieldStart) {
                    return Optional.empty(); // no state
                }
                state = (char) (bytes[fieldStart] & 0xFF);
            } else if (field == 1 || field == 3 || field == 6 || field == 19) {
                long value = number(bytes, fieldStart, i);
                if (value < 0) {
                    return Optional.empty();
                }
                wanted[field == 1 ? 0 : field == 3 ? 1 : field == 6 ? 3 : 2] = value;
            }
            field++;
            if (i == to) {
                break;
            }
            fieldStart = i + 1;
        }
        if (field < 20 || from == to) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(bytes, close, state, wanted[0], wanted[1], wanted[3], wanted[2]));
    }

    /**
     * The decimal number in {@code [from, to)}, or -1 when that is empty, holds anything but digits or is more than a
     * {@code long} holds.
     */
    static long number(byte[] bytes, int from, int to) {
        if (from == to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The command name ({@code comm}; for a thread, its name), cut by the kernel to 15 characters. */
    String name() {
        int open = 0;
        while (open < close && line[open] != '(') {
            open++;
        }
        return open < close ? new String(line, open + 1, close - open - 1, StandardCharsets.US_ASCII) : "";
    }

    char state() {
        return state;
    }

    long parentPid() {
        return parentPid;
    }

    long sessionId() {
        return sessionId;
    }

    /** The kernel's per-process flags ({@code PF_*}), such as {@code PF_KTHREAD} for a kernel thread. */
    long flags() {
        return flags;
    }

    long startTime() {
        return startTime;
    }
}
