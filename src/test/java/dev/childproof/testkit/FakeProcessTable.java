package dev.childproof.testkit;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessActivity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process table in memory, for what real processes cannot show on demand (a pid reused by another process): one
 * entry per pid, replaced to simulate reuse; every signal is recorded and a KILL removes the entry.
 */
public final class FakeProcessTable implements OperatingSystem {

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final List<String> signals = new CopyOnWriteArrayList<>();
    private final Set<Long> unreadable = ConcurrentHashMap.newKeySet();
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();
    private volatile long lastCreatedPid = -1;
    private volatile boolean readsEnvironments = true;
    private final AtomicInteger listings = new AtomicInteger();
    private final Map<Long, Integer> awaitedFrom = new ConcurrentHashMap<>();
    private final AtomicInteger awaitedReadings = new AtomicInteger();

    /** Sets what {@link #lastCreatedPid()} answers; -1 for "the system does not tell". */
    public void lastCreatedPid(long pid) {
        lastCreatedPid = pid;
    }

    @Override
    public OptionalLong lastCreatedPid() {
        return lastCreatedPid < 0 ? OptionalLong.empty() : OptionalLong.of(lastCreatedPid);
    }

    /** One process. */
    public static final class Entry {
        final long startTime;
        final String command;
        String cookie;
        long parent = 1;
        long session = 1;
        boolean zombie;

        Entry(long startTime, String command) {
            this.startTime = startTime;
            this.command = command;
        }

        /** Gives it a {@code CHILDPROOF_COOKIE}. */
        public Entry cookie(String value) {
            cookie = value;
            return this;
        }

        /** Gives it a parent (1 unless set). */
        public Entry parent(long pid) {
            parent = pid;
            return this;
        }

        /** Makes it a zombie: ended, not yet reaped (its entry stays, with its start time). */
        public Entry zombie() {
            zombie = true;
            return this;
        }

        /** Puts it in a session (1 unless set). */
        public Entry session(long id) {
            session = id;
            return this;
        }
    }

    /** Puts a process at a pid, replacing whatever was there (a reused pid). */
    public Entry put(long pid, long startTime, String command) {
        Entry entry = new Entry(startTime, command);
        entries.put(pid, entry);
        return entry;
    }

    /**
     * Makes a process there unreadable, or readable again: as Linux answers when this JVM has no descriptor left to
     * open its stat file with, it has no start time, is neither running nor gone, nor known to have ended.
     */
    public void unreadable(long pid, boolean cannotBeRead) {
        if (cannotBeRead) {
            unreadable.add(pid);
        } else {
            unreadable.remove(pid);
        }
    }

    /**
     * Makes {@link #awaitedChildren()} name a pid from its given reading on (1 for the first): a thread of the JVM
     * that starts waiting for a child late.
     */
    public void awaitedFrom(long pid, int reading) {
        awaitedFrom.put(pid, reading);
    }

    @Override
    public Set<Long> awaitedChildren() {
        int reading = awaitedReadings.incrementAndGet();
        Set<Long> awaited = new HashSet<>();
        awaitedFrom.forEach((pid, from) -> {
            if (reading >= from) {
                awaited.add(pid);
            }
        });
        return awaited;
    }

    @Override
    public List<Long> childrenOf(long pid) {
        List<Long> children = new ArrayList<>();
        entries.forEach((child, entry) -> {
            if (entry.parent == pid) {
                children.add(child);
            }
        });
        return children;
    }

    /** The signals sent so far, as {@code "KILL 42"}. */
    public List<String> sent() {
        return new ArrayList<>(signals);
    }

    @Override
    public boolean isPosix() {
        return true;
    }

    @Override
    public OptionalLong startTime(long pid) {
        Entry e = entries.get(pid);
        return e == null || unreadable.contains(pid) ? OptionalLong.empty() : OptionalLong.of(e.startTime);
    }

    @Override
    public boolean isGone(long pid) {
        Entry e = entries.get(pid);
        return e == null || e.zombie;
    }

    /** Takes a process out of the table (reaped, or gone). */
    public void remove(long pid) {
        entries.remove(pid);
    }

    @Override
    public boolean hasEnded(long pid, long startTime) {
        return !unreadable.contains(pid) && !isRunning(pid, startTime);
    }

    @Override
    public OptionalLong parentPid(long pid) {
        Entry e = entries.get(pid);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.parent);
    }

    @Override
    public OptionalLong sessionId(long pid) {
        Entry e = entries.get(pid);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.session);
    }

    @Override
    public Optional<String> environmentVariable(long pid, String name) {
        Entry e = entries.get(pid);
        return e == null || !"CHILDPROOF_COOKIE".equals(name) ? Optional.empty() : Optional.ofNullable(e.cookie);
    }

    /** Makes this table one of a system that cannot read other processes' environments (macOS, Windows). */
    public void readsNoEnvironments() {
        readsEnvironments = false;
    }

    @Override
    public boolean readsEnvironments() {
        return readsEnvironments;
    }

    /** How often the whole table was listed ({@link #allPids()}). */
    public int listings() {
        return listings.get();
    }

    @Override
    public List<Long> allPids() {
        listings.incrementAndGet();
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public String commandLine(long pid) {
        Entry e = entries.get(pid);
        return e == null ? "" : e.command;
    }

    @Override
    public Optional<ProcessActivity> activity(long pid) {
        return entries.containsKey(pid) ? Optional.of(ProcessActivity.WAITING) : Optional.empty();
    }

    /**
     * Makes every signal to a process there fail with nothing sent, as Linux refuses a signal to another user's
     * process (EPERM) when this JVM is not root.
     */
    public void refuseSignals(long pid) {
        refused.add(pid);
    }

    @Override
    public boolean signal(long pid, String signalName) {
        if (!entries.containsKey(pid) || refused.contains(pid)) {
            return false;
        }
        signals.add(signalName + " " + pid);
        if ("KILL".equals(signalName)) {
            entries.remove(pid);
        }
        return true;
    }
}
