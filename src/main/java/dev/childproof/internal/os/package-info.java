/**
 * Operating-system specifics behind one small interface, {@link dev.childproof.internal.os.OperatingSystem}:
 * signals, process identity, states and the process table. Used by the test JVM and by the watchdog process, so
 * nothing here imports JUnit, AssertJ or Awaitility, nor the public package.
 */
package dev.childproof.internal.os;
