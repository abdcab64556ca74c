package dev.childproof.internal.os;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signal numbers by name, for the running operating system. Linux and macOS disagree on several numbers
 * (BUS, USR1, USR2, CHLD, CONT, STOP, TSTP, URG, SYS), so no number is ever assumed from a name alone.
 */
public final class SignalTable {

    private static final SignalTable LINUX = new SignalTable("Linux", new Object[][] {
            {"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"ILL", 4}, {"TRAP", 5}, {"ABRT", 6}, {"BUS", 7}, {"FPE", 8},
            {"KILL", 9}, {"USR1", 10}, {"SEGV", 11}, {"USR2", 12}, {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15},
            {"CHLD", 17}, {"CONT", 18}, {"STOP", 19}, {"TSTP", 20}, {"TTIN", 21}, {"TTOU", 22}, {"URG", 23},
            {"XCPU", 24}, {"XFSZ", 25}, {"VTALRM", 26}, {"PROF", 27}, {"WINCH", 28}, {"SYS", 31}});

    private static final SignalTable BSD = new SignalTable("macOS/BSD", new Object[][] {
            {"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"ILL", 4}, {"TRAP", 5}, {"ABRT", 6}, {"BUS", 10}, {"FPE", 8},
            {"KILL", 9}, {"USR1", 30}, {"SEGV", 11}, {"USR2", 31}, {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15},
            {"CHLD", 20}, {"CONT", 19}, {"STOP", 17}, {"TSTP", 18}, {"TTIN", 21}, {"TTOU", 22}, {"URG", 16},
            {"XCPU", 24}, {"XFSZ", 25}, {"VTALRM", 26}, {"PROF", 27}, {"WINCH", 28}, {"SYS", 12}});

    private static final SignalTable CURRENT = forOsName(System.getProperty("os.name", ""));

    private final String system;
    private final Map<String, Integer> numbers = new LinkedHashMap<>();
    /** The other way round: every exit of a process killed by a signal is decoded through it. */
    private final Map<Integer, String> names = new HashMap<>();

    private SignalTable(String system, Object[][] entries) {
        this.system = system;
        for (Object[] entry : entries) {
            numbers.put((String) entry[0], (Integer) entry[1]);
            names.putIfAbsent((Integer) entry[1], (String) entry[0]);
        }
    }

    /**
     * The table of the running operating system, chosen once from {@code os.name} at run time (Linux numbers
     * where the system is neither macOS nor a BSD; Windows has no signals, and its exit codes are never decoded).
     */
    public static SignalTable current() {
        return CURRENT;
    }

    /** The table for the operating system of the given {@code os.name}. */
    public static SignalTable forOsName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin") || os.contains("bsd") ? BSD : LINUX;
    }

    /** The short names this table lists, in table order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(numbers.keySet());
    }

    /** The number of a signal given by its short name ({@code "TERM"}). */
    public int number(String shortName) {
        Integer number = numbers.get(shortName);
        if (number == null) {
            throw new IllegalArgumentException("Unknown signal name " + shortName);
        }
        return number;
    }

    /** The short name of the signal with this number, if it is one of the listed signals. */
    public Optional<String> name(int number) {
        return Optional.ofNullable(names.get(number));
    }

    @Override
    public String toString() {
        return "SignalTable[" + system + "]";
    }
}
