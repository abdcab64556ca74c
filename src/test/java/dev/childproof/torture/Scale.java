package dev.childproof.torture;

/**
 * How big the load scenarios are. The fixtures run inside the runner's JVM, so they read the scale the runner set.
 *
 * @param processesPerTest processes each of the {@link #PARALLEL_TESTS} parallel tests keeps alive at once
 * @param sharedStopProcesses processes sharing one stop event
 * @param floodLines sequence-numbered lines a flood writes to each stream
 */
record Scale(int processesPerTest, int sharedStopProcesses, long floodLines) {

    /** Parallel tests in the load scenario (JUnit threads). */
    static final int PARALLEL_TESTS = 8;

    /** The torture runner's size: 200 processes alive at once, 50 sharing one stop event. */
    static final Scale FULL = new Scale(25, 50, 200_000);

    /** The build's short run. */
    static final Scale SMOKE = new Scale(5, 10, 20_000);

    private static volatile Scale current = FULL;

    static Scale current() {
        return current;
    }

    static void use(Scale scale) {
        current = scale;
    }
}
