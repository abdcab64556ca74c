package dev.childproof.internal.child;

import java.util.Set;

/** The names of the environment variables every launched process receives (a contract). */
public final class ChildEnvironment {

    /** The run's cookie and this process's id; inherited by every descendant. */
    public static final String COOKIE = "CHILDPROOF_COOKIE";
    /** The stop event is set when this file exists. */
    public static final String STOP_FILE = "CHILDPROOF_STOP_FILE";
    /** The child creates this file to say it is ready. */
    public static final String READY_FILE = "CHILDPROOF_READY_FILE";
    /** The process's name. */
    public static final String NAME = "CHILDPROOF_NAME";
    /** All of them: a declaration's {@code env} may not set one. */
    public static final Set<String> RESERVED = Set.of(COOKIE, STOP_FILE, READY_FILE, NAME);

    private ChildEnvironment() {
    }

    /** The value of a variable of this process's environment, or an {@link IllegalStateException} naming it. */
    static String require(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("This JVM was not launched by Childproof: the environment variable "
                    + variable + " is not set; use the stop event and readiness API only in a process declared "
                    + "with @SpawnedProcess.");
        }
        return value;
    }
}
