package dev.childproof;

import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import static dev.childproof.internal.assertions.ShouldContainOutput.shouldContainOutput;
import static dev.childproof.internal.assertions.ShouldHaveLineMatching.shouldHaveLineMatching;
import static dev.childproof.internal.assertions.ShouldNotContainOutput.shouldNotContainOutput;

/**
 * Assertions on what a process wrote (both streams, as kept in memory), reached through
 * {@code assertThat(worker).output()}. Reads the output once per assertion and never waits; to wait for a line use
 * {@link ChildProcess#awaitLine(String, java.time.Duration)}. A failure names the process and shows its timeline and
 * last lines.
 *
 * <p>With AssertJ's {@code SoftAssertions}, wrap these assertions in {@code check}, which collects what they throw:
 * {@code softly.check(() -> assertThat(worker).output().contains("done").doesNotContain("error"))} (the first
 * failure in the lambda ends it). Through {@code softly.proxy(ChildProcessAssert.class, ...)} they are not
 * collected: {@code output()} on the proxy returns an assertion that throws at once.
 *
 * @since 0.1
 */
public class ProcessOutputAssert extends AbstractAssert<ProcessOutputAssert, ProcessOutput> {

    private final ChildProcess process;

    /**
     * Creates the assertion.
     *
     * @param process the process whose output is checked; when null, every assertion fails saying so
     */
    public ProcessOutputAssert(ChildProcess process) {
        super(process == null ? null : process.output(), ProcessOutputAssert.class);
        this.process = process;
    }

    /**
     * Takes over the description, failure message and representation of the process assertion it came from, as
     * AssertJ's own navigation methods do (its {@code withAssertionState} is not accessible from here).
     */
    ProcessOutputAssert withAssertionStateOf(AbstractChildProcessAssert<?, ?> origin) {
        info.useRepresentation(origin.info.representation());
        info.description(origin.info.description());
        info.overridingErrorMessage(origin.info.overridingErrorMessage());
        return myself;
    }

    /**
     * Verifies that the output (both streams, lines joined with {@code \n}) contains each of the given texts.
     *
     * @param values the texts, at least one
     * @return this assertion
     * @throws IllegalArgumentException when no text is given
     */
    public ProcessOutputAssert contains(CharSequence... values) {
        isNotNull();
        requireSome(values, "contains");
        String text = actual.text();
        for (CharSequence value : values) {
            if (!text.contains(Objects.requireNonNull(value, "value"))) {
                throwAssertionError(shouldContainOutput(process, value));
            }
        }
        return myself;
    }

    /**
     * Verifies that the output (both streams, lines joined with {@code \n}, as {@link #contains} searches it)
     * contains none of the given texts; a text with a {@code \n} is found across lines.
     *
     * @param values the texts, at least one
     * @return this assertion
     * @throws IllegalArgumentException when no text is given
     */
    public ProcessOutputAssert doesNotContain(CharSequence... values) {
        isNotNull();
        requireSome(values, "doesNotContain");
        String text = actual.text();
        for (CharSequence value : values) {
            String unexpected = Objects.requireNonNull(value, "value").toString();
            int at = text.indexOf(unexpected);
            if (at >= 0) {
                throwAssertionError(shouldNotContainOutput(process, value, linesHolding(text, at,
                        unexpected.length())));
            }
        }
        return myself;
    }

    /** Refuses an empty list of texts, which would make {@code method} check nothing. */
    private static void requireSome(CharSequence[] values, String method) {
        if (Objects.requireNonNull(values, "values").length == 0) {
            throw new IllegalArgumentException("output()." + method + "() was given no values, so it would check"
                    + " nothing; name at least one text.");
        }
    }

    /** The whole lines of {@code text} that hold its characters from {@code at} on, {@code length} of them. */
    private static List<String> linesHolding(String text, int at, int length) {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        int end = text.indexOf('\n', Math.max(at, at + length - 1));
        return Arrays.asList(text.substring(start, end < 0 ? text.length() : end).split("\n", -1));
    }

    /**
     * Verifies that at least one whole line of the output matches the regular expression
     * ({@link java.util.regex.Matcher#find()}).
     *
     * @param regex the regular expression
     * @return this assertion
     * @throws NullPointerException when {@code regex} is null
     */
    public ProcessOutputAssert hasLineMatching(String regex) {
        isNotNull();
        Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
        List<String> lines = actual.lines();
        if (lines.stream().noneMatch(line -> pattern.matcher(line).find())) {
            throwAssertionError(shouldHaveLineMatching(process, regex, lines.size()));
        }
        return myself;
    }
}
