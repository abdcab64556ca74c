package dev.childproof.internal.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Starts a process, again for a while when its program is "text file busy" ({@code ETXTBSY}): some process has the
 * file open for writing. A test that writes a script and runs it meets this when another thread of the test JVM
 * forks meanwhile (a parallel test's launch): the child holds a copy of the script's descriptor until its own
 * exec, a moment later. The same error from a program that stays open for writing ends the retries after
 * {@link #RETRY_FOR}.
 */
final class BusyExecutables {

    /** How long a busy program is tried again. */
    static final Duration RETRY_FOR = Duration.ofSeconds(2);
    /** The first pause between tries; each next one is twice as long, up to {@link #LONGEST_PAUSE_NANOS}. */
    private static final long FIRST_PAUSE_NANOS = 1_000_000;
    private static final long LONGEST_PAUSE_NANOS = 100_000_000;
    private static final Pattern BUSY = Pattern.compile("error(=|: )26\\b");

    private BusyExecutables() {
    }

    /**
     * {@link ProcessBuilder#start()}, tried again while the program is busy, for up to {@link #RETRY_FOR} (not once
     * the calling thread is interrupted).
     */
    static Process start(ProcessBuilder builder) throws IOException {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            try {
                return builder.start();
            } catch (IOException e) {
                if (!isBusy(e) || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS);
            }
        }
    }

    /**
     * Whether the JDK reports {@code ETXTBSY} (26 on Linux and macOS): {@code "...: error=26, Text file busy"}, or
     * on newer JDKs (Java 25 here), when the launch helper's exec failed, {@code "...: Exec failed, error: 26 (Text
     * file busy)"}.
     */
    static boolean isBusy(IOException e) {
        String message = e.getMessage();
        return message != null && BUSY.matcher(message).find();
    }
}
