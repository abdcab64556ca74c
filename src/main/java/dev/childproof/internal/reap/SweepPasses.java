package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A sweep repeated until a pass ends nothing it had not ended before: what a process the pass found forks between
 * the pass's look and its SIGKILL is new (a shell in a fork loop, say), and only a later pass can see it. One pass
 * when the first ends nothing, the usual case. Used by the scopes' sweep, the run's end and the watchdog.
 */
public final class SweepPasses {

    /**
     * The most passes a sweep makes: a process that forks faster than a pass ends its children would make it go on
     * for ever; the bound leaves what is left to the next layer (the run's end, the watchdog).
     */
    public static final int MAX = 50;

    private SweepPasses() {
    }

    /**
     * Runs the pass until it ends nothing new, at most {@link #MAX} times.
     *
     * @param pass ends what it finds, given what earlier passes ended (read-only), and returns what it ended; one
     *     ended before may be in it again (it may not have died yet)
     * @return every process ended, each once, in the order first ended
     */
    public static Set<ProcessIdentity> untilNothingNew(
            Function<Set<ProcessIdentity>, Collection<ProcessIdentity>> pass) {
        Set<ProcessIdentity> ended = new LinkedHashSet<>();
        Set<ProcessIdentity> view = Collections.unmodifiableSet(ended);
        for (int i = 0; i < MAX; i++) {
            if (!ended.addAll(pass.apply(view))) {
                break;
            }
        }
        return ended;
    }
}
