package dev.childproof.testkit;

/** Whole failure messages several test classes expect, as regular expressions (only pids and times vary). */
public final class ExpectedMessages {

    private ExpectedMessages() {
    }

    /**
     * A process that ignores its stop event, missed {@code @StopsWithin} and was ended by SIGTERM.
     *
     * @param name the process's name
     * @param deadline the deadline as the message shows it, such as {@code 200ms}
     * @return the regular expression of the whole message
     */
    public static String missedStopsWithinEndedBySigterm(String name, String deadline) {
        return "@StopsWithin\\(" + deadline + "\\) missed by process \\[" + name + "\\] \\(pid \\d+\\): it did not stop"
                + " on its own within " + deadline + " of its stop request and was ended by SIGTERM after \\S+;"
                + " killed by SIGTERM \\(exit code 143\\)\\.\n"
                + "Timeline:\n"
                + "  \\+0ms launched pid \\d+\n"
                + "  \\+\\S+ stop requested \\(EVENT\\)\n"
                + "  \\+\\S+ SIGTERM sent to the tree\n"
                + "  \\+\\S+ killed by SIGTERM \\(exit code 143\\)\n"
                + "Last lines: \\(none\\)\n"
                + "Log: \\S+/" + name + "\\.log";
    }
}
