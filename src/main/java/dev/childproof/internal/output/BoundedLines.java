package dev.childproof.internal.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent lines, up to a number of characters; older lines fall out. Not thread-safe: the owner locks.
 */
final class BoundedLines {

    private final long maxChars;
    private final ArrayDeque<OutputLine> lines = new ArrayDeque<>();
    private long chars;
    private long dropped;

    BoundedLines(long maxChars) {
        this.maxChars = maxChars;
    }

    void add(OutputLine line) {
        lines.addLast(line);
        chars += line.text().length() + 1;
        while (chars > maxChars && lines.size() > 1) {
            OutputLine old = lines.removeFirst();
            chars -= old.text().length() + 1;
            dropped++;
        }
    }

    List<String> texts(Predicate<OutputLine> filter) {
        List<String> texts = new ArrayList<>(lines.size());
        for (OutputLine line : lines) {
            if (filter.test(line)) {
                texts.add(line.text());
            }
        }
        return texts;
    }

    List<OutputLine> last(int count) {
        List<OutputLine> all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    long dropped() {
        return dropped;
    }
}
