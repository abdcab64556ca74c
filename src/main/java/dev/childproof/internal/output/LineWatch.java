package dev.childproof.internal.output;

import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Looks for the first line matching a pattern ({@link java.util.regex.Matcher#find()} on the whole line, so a line
 * split across reads still matches). Created by {@link OutputCapture#watch(Pattern)}; thread-safe.
 */
public final class LineWatch implements AutoCloseable {

    private final Pattern pattern;
    private final Runnable onMatch;
    private final AtomicReference<String> matched = new AtomicReference<>();
    /** Why the pattern could not be matched against a line (a StackOverflowError of a backtracking pattern). */
    private volatile Throwable failure;
    private volatile Runnable removal = () -> { };

    LineWatch(Pattern pattern, Runnable onMatch) {
        this.pattern = pattern;
        this.onMatch = onMatch;
    }

    void removal(Runnable removal) {
        this.removal = removal;
    }

    /** Offers a line; whether the watch has matched (by this line or an earlier one). */
    boolean offer(OutputLine line) {
        if (matched.get() != null || failure != null) {
            return true;
        }
        boolean found;
        try {
            found = pattern.matcher(line.text()).find();
        } catch (RuntimeException | StackOverflowError e) {
            // on a drainer thread, this would end the draining (and close the pipe under the child): the waiter
            // throws it instead
            failure = e;
            onMatch.run();
            return true;
        }
        if (found && matched.compareAndSet(null, line.text())) {
            onMatch.run();
        }
        return matched.get() != null;
    }

    /** @return why matching a line failed, or null */
    public Throwable failure() {
        return failure;
    }

    /** Throws when matching a line failed, naming the pattern and the process. */
    public void throwIfFailed(String process) {
        Throwable cause = failure;
        if (cause != null) {
            throw new IllegalArgumentException(failureMessage(process, cause), cause);
        }
    }

    /** What a failure to match says: the pattern, the process and why. */
    public String failureMessage(String process, Throwable cause) {
        return "The pattern /" + pattern + "/ could not be matched against a line of process [" + process + "] ("
                + cause + "); a pattern that backtracks per character, such as (.|\\s)*, overflows the stack on"
                + " a long line; match the part of the line that matters (the pattern is searched for anywhere in"
                + " it).";
    }

    /** @return the pattern watched for */
    public Pattern pattern() {
        return pattern;
    }

    /** @return the first matching line, or null while none has matched */
    public String matched() {
        return matched.get();
    }

    /** Stops watching new lines. */
    @Override
    public void close() {
        removal.run();
    }
}
