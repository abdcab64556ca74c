package dev.childproof.internal.process;

import dev.childproof.Timeline;
import dev.childproof.TimelineEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    synchronized Timeline snapshot() {
        return new Timeline(new ArrayList<>(events));
    }
}
