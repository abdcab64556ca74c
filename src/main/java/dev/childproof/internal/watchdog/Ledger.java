package dev.childproof.internal.watchdog;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the watchdog knows, from the lines the test JVM writes: {@code L <pid> <start> <cookie>} for a launched
 * process, {@code A <pid> <start>} for an orphan the JVM adopted, {@code E <pid> <start>} for one that ended, and
 * {@code D <device> <inode> <owner> <uri>} for the run directory (the last such line counts).
 */
final class Ledger {

    static final String COOKIE = "CHILDPROOF_COOKIE";

    private final Map<ProcessIdentity, Optional<String>> entries = new LinkedHashMap<>();
    private Optional<OwnedDirectory> runDirectory = Optional.empty();

    /**
     * Takes every line of the stream until its end: one read per wake-up and no character decoding (the lines are
     * ASCII), where a reader over {@code System.in} also asked the kernel how much was buffered after each read. A
     * last line without a newline is taken too. After a read that emptied the stream (it returned less than there was
     * room for: a pipe hands over all it holds), {@code drained} runs before the next read; the watchdog pauses there,
     * so that what the test JVM writes meanwhile waits in the pipe and is taken in one wake-up.
     *
     * @param drained what runs each time the stream was emptied, before it is read again
     * @throws IOException when the stream cannot be read
     */
    void readAll(InputStream in, Runnable drained) throws IOException {
        byte[] buffer = new byte[8192];
        int kept = 0; // the start of a line not yet complete, moved to the front
        for (int n; (n = in.read(buffer, kept, buffer.length - kept)) > 0; ) {
            boolean emptied = n < buffer.length - kept;
            int end = kept + n;
            int start = 0;
            for (int i = kept; i < end; i++) {
                if (buffer[i] == '\n') {
                    accept(new String(buffer, start, i - start, StandardCharsets.US_ASCII));
                    start = i + 1;
                }
            }
            kept = end - start;
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, kept);
            }
            if (kept == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            if (emptied) {
                drained.run();
            }
        }
        if (kept > 0) {
            accept(new String(buffer, 0, kept, StandardCharsets.US_ASCII));
        }
    }

    /** Takes one line; malformed lines are ignored (the writer is our own code, the pipe is private). */
    void accept(String line) {
        String[] parts = line.trim().split(" ");
        if ("D".equals(parts[0])) {
            OwnedDirectory.parse(parts).ifPresent(directory -> runDirectory = Optional.of(directory));
            return;
        }
        if (parts.length < 3) {
            return;
        }
        ProcessIdentity id;
        try {
            id = new ProcessIdentity(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return;
        }
        switch (parts[0]) {
            case "L":
                if (parts.length == 4) {
                    entries.put(id, Optional.of(parts[3]));
                }
                break;
            case "A":
                entries.putIfAbsent(id, Optional.empty());
                break;
            case "E":
                entries.remove(id);
                break;
            default:
                break;
        }
    }

    /**
     * SIGKILLs every recorded process that is still the one recorded (same start time and, for a launched process,
     * its cookie where the environment is readable) and every descendant it has then. An adopted process is recorded
     * without a cookie (it may have cleared its environment); its identity was taken while the test JVM could prove
     * it was ours.
     *
     * @return the processes signalled
     */
    List<ProcessIdentity> endAll(OperatingSystem os) {
        List<ProcessIdentity> ended = new ArrayList<>();
        for (Map.Entry<ProcessIdentity, Optional<String>> entry : entries.entrySet()) {
            ProcessIdentity id = entry.getKey();
            if (entry.getValue().isPresent()) {
                Optional<String> cookie = os.environmentVariable(id.pid(), COOKIE);
                if (cookie.isPresent() && !cookie.get().equals(entry.getValue().get())) {
                    continue;
                }
            }
            // its tree first: once it is dead, its children are orphans no walk finds, and one that cleared its
            // environment carries no cookie for the scan either (without a cgroup nothing else would end it)
            List<ProcessIdentity> descendants = new ArrayList<>();
            if (id.isKnownRunning(os)) { // never the tree of a stranger who got the pid
                for (long pid : os.descendantsOf(id.pid())) {
                    ProcessIdentity.of(os, pid).ifPresent(descendants::add);
                }
            }
            if (id.signal(os, "KILL")) {
                ended.add(id);
            }
            for (ProcessIdentity descendant : descendants) {
                if (descendant.signal(os, "KILL")) {
                    ended.add(descendant);
                }
            }
        }
        return ended;
    }

    /** The run directory, when the test JVM made one and could tell what it is. */
    Optional<OwnedDirectory> runDirectory() {
        return runDirectory;
    }

    int size() {
        return entries.size();
    }
}
