package dev.childproof.internal.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a failure message that shows a process's output: its last lines (each marked with its stream and cut
 * when very long, so a report never becomes a wall of text), then the line each stream has begun but not ended, such
 * as a prompt ({@code [out] Password:  (no line end yet)}), and the path of its full log where it has one (a process
 * that wrote nothing has none), saying when that is incomplete or was removed during the run.
 */
public final class OutputReport {

    /** How many lines a report shows. */
    public static final int LINES = 20;
    /** How many characters of one line a report shows. */
    static final int LINE_CHARS = 300;

    private OutputReport() {
    }

    /**
     * The report of a capture, such as {@code Last 2 lines of output:\n  [out] a\n  [err] b\nFull log: /x/w.log}:
     * at most {@link #LINES} lines, counting those begun but not ended. A process that wrote nothing has no log file,
     * and its report only {@code No output.}
     */
    public static String of(OutputCapture output) {
        List<String> lines = lastLines(output, LINES);
        StringBuilder report = new StringBuilder();
        if (lines.isEmpty()) {
            report.append("No output.");
        } else {
            report.append(lines.size() == 1 ? "Last line of output:" : "Last " + lines.size() + " lines of output:");
            lines.forEach(line -> report.append("\n  ").append(line));
        }
        IOException failure = output.logFailure();
        if (!output.hasLogFile() && failure == null) {
            return report.toString(); // nothing written: no log file
        }
        report.append("\nFull log: ").append(output.logFile().toAbsolutePath());
        if (failure instanceof LogFile.Removed) {
            report.append(" (missing: removed during the run)");
        } else if (failure != null) {
            report.append(" (incomplete: ").append(failure).append(')');
        }
        return report.toString();
    }

    /**
     * The last lines of a capture as reports show them, at most {@code count}: whole lines marked with their stream
     * and cut when very long ({@code [err] b}), then the line each stream has begun but not ended, such as a prompt
     * ({@code [out] Password:  (no line end yet)}).
     *
     * @param output the capture
     * @param count the most lines to give, counting those begun but not ended
     * @return the lines, oldest first
     */
    public static List<String> lastLines(OutputCapture output, int count) {
        List<Drainer.Partial> partials;
        List<OutputLine> lines;
        synchronized (output) { // one look, so that a line ended meanwhile shows once
            partials = output.partialLines();
            lines = output.lastLines(Math.max(0, count - partials.size()));
        }
        List<String> shown = new ArrayList<>(lines.size() + partials.size());
        for (OutputLine line : lines) {
            shown.add("[" + line.stream().mark() + "] " + cut(line.text()));
        }
        for (Drainer.Partial partial : partials.subList(Math.max(0, partials.size() - count), partials.size())) {
            shown.add("[" + partial.stream().mark() + "] " + begun(partial) + " (no line end yet)");
        }
        return shown;
    }

    /**
     * A line as reports show it: whole up to {@value #LINE_CHARS} characters, else its first {@value #LINE_CHARS}
     * (one fewer when the last of them would be the first half of a surrogate pair, such as an emoji's) followed by
     * {@code ... (N more characters)}.
     *
     * @param text the line
     * @return the line, cut when very long
     */
    public static String cut(String text) {
        return cut(text, text.length());
    }

    /** A line begun but not ended, cut as a whole line is; a last {@code \r} may begin its {@code \r\n}. */
    private static String begun(Drainer.Partial partial) {
        String text = partial.text(StandardCharsets.UTF_8);
        if (partial.bytes() > partial.start().length) {
            return cut(text, partial.chars());
        }
        String whole = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        return cut(whole, whole.length());
    }

    /**
     * The first {@link #LINE_CHARS} characters of a text {@code length} characters long, never half a surrogate
     * pair, and how many follow.
     */
    private static String cut(String text, int length) {
        if (length <= LINE_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(LINE_CHARS - 1)) ? LINE_CHARS - 1 : LINE_CHARS;
        return text.substring(0, end) + "... (" + (length - end) + " more characters)";
    }
}
