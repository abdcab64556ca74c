package dev.childproof.internal.process;

import dev.childproof.Timeline;
import dev.childproof.TimelineEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records what happens to a process with a monotonic clock, relative to its launch. Thread-safe. */
final class ProcessTimeline {

    private final List<TimelineEvent> events = new ArrayList<>();
    private long originNanos = -1;

    /** Records an event and returns its monotonic time. */
    synchronized long record(String description) {
        long now = System.nanoTime();
        if (originNanos < 0) {
            originNanos = now;
        }
        events.add(new TimelineEvent(Duration.ofNanos(now - originNanos), description));
        return now;
    }

    /**
     * Records an event that happened before the first event matching {@code later}, if that one was recorded
     * already: placed before it, at its time; otherwise as {@link #record(String)}.
     */
    synchronized void recordBefore(String description, Predicate<TimelineEvent> later) {
        for (int i = 0; i < events.size(); i++) {
            if (later.test(events.get(i))) {
                events.add(i, new TimelineEvent(events.get(i).offset(), description));
                return;
            }
        }
        record(description);
    }

    synchronized Timeline snapshot() {
        return new Timeline(new ArrayList<>(events));
    }
}
