package dev.childproof;

import dev.childproof.internal.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing that happened to a process: launched, ready, stop requested, signalled, suspended, resumed, exited.
 *
 * @since 0.1
 */
public final class TimelineEvent {

    private final Duration offset;
    private final String description;

    /**
     * Creates an event.
     *
     * @param offset time since launch, measured with a monotonic clock
     * @param description what happened, such as {@code "stop requested (EVENT)"}
     */
    public TimelineEvent(Duration offset, String description) {
        this.offset = Objects.requireNonNull(offset, "offset");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * Time since launch.
     *
     * @return time since launch
     */
    public Duration offset() {
        return offset;
    }

    /**
     * What happened.
     *
     * @return what happened
     */
    public String description() {
        return description;
    }

    /**
     * For example {@code +180ms ready}.
     *
     * @return for example {@code +180ms ready}
     */
    @Override
    public String toString() {
        return "+" + Durations.format(offset) + " " + description;
    }
}
