package dev.childproof.internal.os;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signal numbers by name, for the running operating system. Linux and macOS disagree on several numbers
 * (USR1, USR2, CHLD, CONT, STOP, TSTP), so no number is ever assumed from a name alone.
 */
public final class SignalTable {

    private static final SignalTable LINUX = new SignalTable(new Object[][] {
            {"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"ABRT", 6}, {"KILL", 9}, {"USR1", 10}, {"SEGV", 11},
            {"USR2", 12}, {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15}, {"CHLD", 17}, {"CONT", 18}, {"STOP", 19},
            {"TSTP", 20}});

    private static final SignalTable BSD = new SignalTable(new Object[][] {
            {"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"ABRT", 6}, {"KILL", 9}, {"USR1", 30}, {"SEGV", 11},
            {"USR2", 31}, {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15}, {"CHLD", 20}, {"CONT", 19}, {"STOP", 17},
            {"TSTP", 18}});

    private final Map<String, Integer> numbers = new LinkedHashMap<>();

    private SignalTable(Object[][] entries) {
        for (Object[] entry : entries) {
            numbers.put((String) entry[0], (Integer) entry[1]);
        }
    }

    /** The table of the running operating system (Linux numbers where the system is neither macOS nor BSD). */
    public static SignalTable current() {
        return forOsName(System.getProperty("os.name", ""));
    }

    /** The table for the operating system of the given {@code os.name}. */
    public static SignalTable forOsName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin") || os.contains("bsd") ? BSD : LINUX;
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
        return numbers.entrySet().stream().filter(e -> e.getValue() == number).map(Map.Entry::getKey).findFirst();
    }
}
