package dev.childproof.internal.assertions;

import dev.childproof.ChildProcess;
import dev.childproof.internal.output.OutputReport;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.ArrayList;
import java.util.List;

/** The output was expected not to contain a text. */
public final class ShouldNotContainOutput extends ProcessErrorMessage {

    private ShouldNotContainOutput(ChildProcess process, String expectation, Object... arguments) {
        super("output of process", expectation, process, arguments);
    }

    /**
     * Creates the message.
     *
     * @param process the process
     * @param unexpected the text
     * @param lines the lines holding its first occurrence (more than one when it spans lines); very long ones are
     *     cut
     * @return the message factory
     */
    public static ErrorMessageFactory shouldNotContainOutput(ChildProcess process, CharSequence unexpected,
            List<String> lines) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(unexpected);
        lines.forEach(line -> arguments.add(OutputReport.cut(line)));
        return new ShouldNotContainOutput(process, "not to contain:%n  %s%nbut "
                + (lines.size() == 1 ? "this line does:" : "these " + lines.size() + " lines do:")
                + "%n  %s".repeat(lines.size()), arguments.toArray());
    }
}
