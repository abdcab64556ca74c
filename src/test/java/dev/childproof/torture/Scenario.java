package dev.childproof.torture;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One torture scenario: what it does, the deadline it must end by, and its body.
 *
 * @param name what the scenario does
 * @param deadline how long one run may take before it counts as a deadlock (a thread dump is taken)
 * @param body runs the scenario once and records what went against expectations
 */
record Scenario(String name, Duration deadline, Body body) {

    /** Runs a scenario once. */
    @FunctionalInterface
    interface Body {
        /**
         * @param output the directory for the run's log files ({@code childproof.output.dir})
         * @param findings where to record failures and leaked processes
         */
        void run(Path output, Findings findings) throws Exception;
    }
}
