package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.process.ManagedProcess;
import org.assertj.core.error.BasicErrorMessageFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A failure about one process: starts with {@code Expecting process:} and the process, and ends with its
 * timeline and its last output lines as failure reports show them (each cut when very long, and a line begun but
 * not ended marked {@code (no line end yet)}), so the reader sees what happened without opening the log.
 */
public abstract class ProcessErrorMessage extends BasicErrorMessageFactory {

    /** How many of the last output lines a message shows. */
    public static final int TAIL_LINES = 10;

    /**
     * Creates the message.
     *
     * @param subject for example {@code "process"} or {@code "output of process"}
     * @param expectation the format of what was expected and what was found; {@code %s} for each argument
     * @param process the process
     * @param arguments the arguments of {@code expectation}
     */
    protected ProcessErrorMessage(String subject, String expectation, ChildProcess process, Object... arguments) {
        this(subject, expectation, ProcessReading.of(process), arguments);
    }

    /**
     * Creates the message from a reading the assertion took, so that the message and the decision agree.
     *
     * @param subject for example {@code "process"} or {@code "output of process"}
     * @param expectation the format of what was expected and what was found; {@code %s} for each argument
     * @param reading the process as the assertion read it
     * @param arguments the arguments of {@code expectation}
     */
    protected ProcessErrorMessage(String subject, String expectation, ProcessReading reading, Object... arguments) {
        super("%nExpecting " + subject + ":%n  %s%n" + expectation + "%nTimeline: %s%nLast lines:%s",
                arguments(reading, arguments));
    }

    private static Object[] arguments(ProcessReading reading, Object[] middle) {
        List<Object> all = new ArrayList<>();
        all.add(unquotedString(reading.description()));
        all.addAll(Arrays.asList(middle));
        String timeline = reading.timeline();
        all.add(unquotedString(timeline.isEmpty() ? "(nothing yet)" : timeline));
        List<String> tail = tail(reading.process());
        String nl = System.lineSeparator();
        all.add(unquotedString(tail.isEmpty() ? " (none)" : nl + "  " + String.join(nl + "  ", tail)));
        return all.toArray();
    }

    private static List<String> tail(ChildProcess process) {
        if (process instanceof ManagedProcess) {
            return OutputReport.lastLines(((ManagedProcess) process).capture(), TAIL_LINES);
        }
        List<String> tail = new ArrayList<>();
        List<String> lines = process.output().lines();
        for (String line : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) {
            tail.add(OutputReport.cut(line));
        }
        return tail;
    }

    /** Text that AssertJ shows as is, without quotes. */
    protected static CharSequence plain(String text) {
        return unquotedString(text);
    }
}
