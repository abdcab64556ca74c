package dev.childproof;

/**
 * The AssertJ entry point for Childproof: {@code import static dev.childproof.ChildproofAssertions.assertThat;}
 * then {@code assertThat(worker).isAlive()}, {@code assertThat(worker).stopsWithin(Duration.ofSeconds(2))
 * .exitedNormally()}, {@code assertThat(worker.join()).wasKilledBy(Signal.SIGTERM)}.
 *
 * <p>Requires AssertJ (3.27 or newer) on the test class path. The rest of Childproof works without it, so only
 * tests that use this class need it.
 *
 * @since 0.1
 */
public final class ChildproofAssertions {

    private ChildproofAssertions() {
    }

    /**
     * Starts assertions on a process.
     *
     * @param actual the process
     * @return the assertions
     */
    public static ChildProcessAssert assertThat(ChildProcess actual) {
        return new ChildProcessAssert(actual);
    }

    /**
     * Starts assertions on an exit status.
     *
     * @param actual the exit status
     * @return the assertions
     */
    public static ExitStatusAssert assertThat(ExitStatus actual) {
        return new ExitStatusAssert(actual);
    }
}
