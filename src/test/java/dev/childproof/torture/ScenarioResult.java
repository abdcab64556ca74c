package dev.childproof.torture;

import java.util.List;

/**
 * What one run of a scenario showed.
 *
 * @param scenario the scenario
 * @param failures what went against expectations (outcome, deadline)
 * @param leaked processes of the run still alive afterwards, and zombie children of the JVM that nothing reaps
 * @param lostLines sequence-numbered lines missing, duplicated or out of order in the logs
 * @param leftoverThreads extension threads still alive afterwards
 * @param millis how long the run took
 */
record ScenarioResult(Scenario scenario, List<String> failures, List<String> leaked, long lostLines,
        List<String> leftoverThreads, long millis) {

    boolean isClean() {
        return failures.isEmpty() && leaked.isEmpty() && lostLines == 0 && leftoverThreads.isEmpty();
    }
}
