package dev.childproof.internal.output;

import java.io.IOException;
import java.util.List;

/**
 * The part of a failure message that shows a process's output: its last lines (each marked with its stream and cut
 * when very long, so a report never becomes a wall of text) and the path of its full log.
 */
public final class OutputReport {

    /** How many lines a report shows. */
    public static final int LINES = 20;
    /** How many characters of one line a report shows. */
    static final int LINE_CHARS = 300;

    private OutputReport() {
    }

    /**
     * The report of a capture, such as {@code Last 2 lines of output:\n  [out] a\n  [err] b\nFull log: /x/w.log}.
     */
    public static String of(OutputCapture output) {
        List<OutputLine> lines = output.lastLines(LINES);
        StringBuilder report = new StringBuilder();
        if (lines.isEmpty()) {
            report.append("No output.");
        } else {
            report.append(lines.size() == 1 ? "Last line of output:" : "Last " + lines.size() + " lines of output:");
            for (OutputLine line : lines) {
                report.append("\n  [").append(line.stream().mark()).append("] ").append(cut(line.text()));
            }
        }
        report.append("\nFull log: ").append(output.logFile().toAbsolutePath());
        IOException failure = output.logFailure();
        if (failure != null) {
            report.append(" (incomplete: ").append(failure).append(')');
        }
        return report.toString();
    }

    /**
     * A line as reports show it: whole up to {@value #LINE_CHARS} characters, else its first {@value #LINE_CHARS}
     * followed by {@code ... (N more characters)}.
     *
     * @param text the line
     * @return the line, cut when very long
     */
    public static String cut(String text) {
        if (text.length() <= LINE_CHARS) {
            return text;
        }
        return text.substring(0, LINE_CHARS) + "... (" + (text.length() - LINE_CHARS) + " more characters)";
    }
}
