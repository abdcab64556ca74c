package dev.childproof;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What happened to a process, in order, with times relative to its launch. A snapshot: later events do not
 * appear in it.
 *
 * @since 0.1
 */
public final class Timeline {

    private final List<TimelineEvent> events;

    /**
     * Creates a timeline.
     *
     * @param events the events in order
     */
    public Timeline(List<TimelineEvent> events) {
        this.events = List.copyOf(events);
    }

    /**
     * The events in order.
     *
     * @return the events in order
     */
    public List<TimelineEvent> events() {
        return events;
    }

    /**
     * Tells whether an event's description starts with the given text.
     *
     * @param prefix for example {@code "SIGKILL"}
     * @return whether such an event happened
     */
    public boolean has(String prefix) {
        return events.stream().anyMatch(event -> event.description().startsWith(prefix));
    }

    /**
     * For example {@code +0ms launched pid 4242 · +180ms ready · +2.0s exited with code 0}.
     *
     * @return for example {@code +0ms launched pid 4242 · +180ms ready · +2.0s exited with code 0}
     */
    @Override
    public String toString() {
        return events.stream().map(TimelineEvent::toString).collect(Collectors.joining(" · "));
    }
}
