package dev.childproof.internal.launch;

/**
 * What to do about a launch the system refused, read from the JDK's message, which names the system's error (its
 * text is the same on Linux and macOS, where the numbers differ): a process or descriptor limit reached gives only
 * {@code error=11, Resource temporarily unavailable} otherwise. The advice at the process limit is also that of a
 * launch that forked but could not start a thread it needs ({@link NoThreadForLaunch}, {@code UnreadLaunch}).
 */
public final class LaunchFailureHint {

    /**
     * What to do at the process limit, the user's ({@code ulimit -u}) or the cgroup's ({@code pids.max}), both of
     * which count threads too: the one wording of every launch failure there.
     */
    public static final String PROCESS_LIMIT_ADVICE =
            "raise the limit (ulimit -u, pids.max) or launch fewer processes at once";

    private LaunchFailureHint() {
    }

    /**
     * The JDK's message, with what to do when the system refused the launch at a limit: then only its first line,
     * since newer JDKs (Java 25 here) go on with reasons and solutions about their launch helper that do not apply.
     */
    static String describe(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        String hint = hint(message);
        return hint.isEmpty() ? message : message.lines().findFirst().orElse("").strip() + hint;
    }

    /** @return the hint to append to the failure's sentence, starting with {@code "; "}, or empty when none fits */
    private static String hint(String message) {
        if (message.contains("Resource temporarily unavailable")) {
            return "; the system refused another process (a process limit was reached), so " + PROCESS_LIMIT_ADVICE;
        }
        if (message.contains("Too many open files")) {
            return "; the test JVM has no file descriptor left (ulimit -n), so raise the limit or close what the"
                    + " test keeps open";
        }
        if (message.contains("Argument list too long")) {
            // execve's E2BIG: on Linux one word or NAME=value over 128 KiB (MAX_ARG_STRLEN), or all of them together
            // over the limit getconf ARG_MAX gives
            return "; the system takes no argument or environment entry over 128 KiB (Linux), nor more than getconf"
                    + " ARG_MAX of them together, so pass large data through a file or standard input";
        }
        if (message.contains("Cannot allocate memory")) {
            return "; the system has no memory for another process, so free some or launch fewer processes at once";
        }
        return "";
    }
}
