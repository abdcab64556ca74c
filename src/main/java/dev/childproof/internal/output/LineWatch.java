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
        if (matched.get() != null) {
            return true;
        }
        if (pattern.matcher(line.text()).find() && matched.compareAndSet(null, line.text())) {
            onMatch.run();
        }
        return matched.get() != null;
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
