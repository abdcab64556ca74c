package dev.childproof.torture;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a scenario body found going against expectations, besides what the invariants check afterwards. */
final class Findings {

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> leaked = new CopyOnWriteArrayList<>();

    void fail(String failure) {
        failures.add(failure);
    }

    void leaked(String process) {
        leaked.add(process);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    List<String> leaked() {
        return List.copyOf(leaked);
    }
}
