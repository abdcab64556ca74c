package dev.childproof.torture;

/**
 * One torture scenario: a fixture class and the outcome its tests must have.
 *
 * @param name what the scenario does
 * @param fixture the fixture class
 * @param expectedSucceeded tests that must pass
 * @param expectedFailed tests that must fail
 */
record Scenario(String name, Class<?> fixture, long expectedSucceeded, long expectedFailed) {
}
