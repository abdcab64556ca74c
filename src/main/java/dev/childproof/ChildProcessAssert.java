package dev.childproof;

/**
 * Assertions on a {@link ChildProcess}; see {@link AbstractChildProcessAssert} for what they check. Start from
 * {@link ChildproofAssertions#assertThat(ChildProcess)}.
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
