package dev.childproof.internal.reap;

import dev.childproof.internal.RandomBits;
import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.os.OperatingSystem;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code CHILDPROOF_COOKIE} values of this test-JVM run: {@code cp1.<run id>.<jvm pid>.<process number>}. The
 * run id is 128 random bits, so a cookie cannot be guessed; every descendant of a launched process inherits its
 * cookie, so the run id marks everything this run started.
 */
public final class RunCookie {

    private static final String VERSION = "cp1";
    private static final RunCookie CURRENT = new RunCookie(newRunId(), ProcessHandle.current().pid());

    private final String runId;
    private final long jvmPid;
    private final AtomicLong next = new AtomicLong();

    private RunCookie(String runId, long jvmPid) {
        this.runId = runId;
        this.jvmPid = jvmPid;
    }

    /** The cookie source of this JVM. */
    public static RunCookie current() {
        return CURRENT;
    }

    private static String newRunId() {
        return HexFormat.of().formatHex(RandomBits.bytes(16));
    }

    /** The run id (32 hex digits). */
    public String runId() {
        return runId;
    }

    /** A fresh cookie for one more launched process. */
    public String next() {
        return VERSION + "." + runId + "." + jvmPid + "." + next.incrementAndGet();
    }

    /** Whether a cookie value belongs to this run. */
    public boolean isOurs(String cookie) {
        return cookie.startsWith(VERSION + "." + runId + ".");
    }

    /** Whether a process carries a cookie of this run in its environment, as far as the system lets it be read. */
    public boolean isCarriedBy(OperatingSystem os, long pid) {
        return os.environmentVariable(pid, ChildEnvironment.COOKIE).filter(this::isOurs).isPresent();
    }

    /** The pid of the test JVM that issued a cookie, when the value is well-formed. */
    public static Optional<Long> issuingJvm(String cookie) {
        String[] parts = cookie.split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
