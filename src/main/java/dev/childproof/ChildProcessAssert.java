package dev.childproof;

/**
 * Assertions on a {@link ChildProcess}; see {@link AbstractChildProcessAssert} for what they check. Start from
 * {@link ChildproofAssertions#assertThat(ChildProcess)}.
 *
 * <p>With AssertJ's {@code SoftAssertions}, {@code softly.proxy(ChildProcessAssert.class, ChildProcess.class,
 * worker)} collects the failures of these assertions, but not of those reached through {@link #output()}: AssertJ
 * carries its soft proxy over only its own navigation methods, so {@code output()} returns an assertion that throws
 * at once. Wrap output assertions in {@code check}, which collects what they throw:
 * {@code softly.check(() -> assertThat(worker).output().contains("done"))}.
 *
 * @since 0.1
 */
public class ChildProcessAssert extends AbstractChildProcessAssert<ChildProcessAssert, ChildProcess> {

    /**
     * Creates the assertion.
     *
     * @param actual the process
     */
    public ChildProcessAssert(ChildProcess actual) {
        super(actual, ChildProcessAssert.class);
    }
}
