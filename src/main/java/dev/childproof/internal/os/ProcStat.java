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

    private final String name;
    private final char state;
    private final long parentPid;
    private final long sessionId;
    private final long startTime;

    private ProcStat(String name, char state, long parentPid, long sessionId, long startTime) {
        this.name = name;
        this.state = state;
        this.parentPid = parentPid;
        this.sessionId = sessionId;
        this.startTime = startTime;
    }

    /** The stat file of a thread or process that is most likely there (a task just listed): one open. */
    static Optional<ProcStat> read(Path statFile) {
        try {
            return parse(KernelFile.read(statFile, 512));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The stat file of a process that may well be gone (the stop and cleanup paths ask mostly about such): looked
     * for first, and read with the reserve's descriptor when this JVM has no other, see
     * {@link KernelFile#readUnlessGone}.
     *
     * @return the fields, or empty when the process is gone
     * @throws IOException when the process is there but its file cannot be read: whether it runs is unknown
     */
    static Optional<ProcStat> readUnlessGone(Path statFile) throws IOException {
        byte[] bytes = KernelFile.readUnlessGone(statFile, 512);
        return bytes == null ? Optional.empty() : parse(bytes);
    }

    private static Optional<ProcStat> parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.US_ASCII));
    }

    static Optional<ProcStat> parse(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] fields = line.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state); field 4 is ppid; field 6 is session; field 22 is starttime
        if (fields.length < 20) {
            return Optional.empty();
        }
        try {
            int open = line.indexOf('(');
            String name = open >= 0 && open < close ? line.substring(open + 1, close) : "";
            return Optional.of(new ProcStat(name, fields[0].charAt(0), Long.parseLong(fields[1]),
                    Long.parseLong(fields[3]), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The command name ({@code comm}; for a thread, its name), cut by the kernel to 15 characters. */
    String name() {
        return name;
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

    long startTime() {
        return startTime;
    }
}
