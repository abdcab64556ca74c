/**
 * The watchdog process's own main: a small JVM the extension starts once per test JVM, in its own session. It
 * learns every launched or adopted process through a pipe that only the test JVM holds and, when that pipe reaches
 * end-of-file (the test JVM ended, {@code kill -9} included), ends what is left and exits. Depends on
 * {@code internal.os} and the JDK only.
 */
package dev.childproof.internal.watchdog;
