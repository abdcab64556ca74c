package dev.childproof.torture;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.CookieSweep;
import dev.childproof.internal.reap.RunCookie;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** What must hold after every torture scenario. */
final class Invariants {

    private static final Pattern SEQ = Pattern.compile("^\\[(out|err)\\] seq (out|err) (\\d+)$");
    private static final Pattern DONE = Pattern.compile("^\\[out\\] done (\\d+)$");

    /**
     * Prefixes of threads that live as long as the JVM: the JDK's process reaper and common pool, which idle out on
     * their own time, and the extension's adoption watch, made once on first launch (the watchdog is a process).
     */
    private static final List<String> JVM_WIDE = List.of("process reaper", "ForkJoinPool.commonPool-worker-",
            "Common-Cleaner", "Attach Listener", "childproof-adoption-watch");

    private Invariants() {
    }

    /**
     * Processes of this run still alive after a grace period (this JVM runs nothing else meanwhile): anything
     * carrying this run's cookie, and the escapees the scenario recorded (an env-cleared one carries no cookie).
     * They are killed, so one leak is counted once.
     */
    static List<String> leakedProcesses() {
        OperatingSystem os = OperatingSystem.current();
        List<ProcessIdentity> escapees = Escapees.drain();
        Callable<List<ProcessIdentity>> alive = () -> {
            List<ProcessIdentity> found = new ArrayList<>(CookieSweep.find(os, RunCookie.current()::isOurs));
            escapees.stream().filter(id -> id.isAlive(os) && !found.contains(id)).forEach(found::add);
            return found;
        };
        if (settles(() -> alive.call().isEmpty())) {
            return List.of();
        }
        List<String> described = new ArrayList<>();
        for (ProcessIdentity id : call(alive)) {
            described.add(id.pid() + " " + os.commandLine(id.pid()));
            id.signal(os, "KILL");
        }
        return described;
    }

    /** The zombie children of this JVM now: ended, not yet reaped. */
    static Set<Long> zombieChildren() {
        OperatingSystem os = OperatingSystem.current();
        return os.childrenOf(ProcessHandle.current().pid()).stream().filter(os::isGone).collect(Collectors.toSet());
    }

    /**
     * Zombie children of this JVM that a scenario left and nothing reaps (after a grace period): each would keep its
     * pid until the JVM exits. On Java 22+ the JVM is a child subreaper and inherits the orphans of what it
     * launched; the JDK reaps only the children it started, a moment after their exit. Those there before the
     * scenario are not its (earlier tests in the same JVM leave their own).
     */
    static List<String> zombieChildrenLeft(Set<Long> before) {
        Callable<List<Long>> left = () -> zombieChildren().stream().filter(pid -> !before.contains(pid)).toList();
        if (settles(() -> left.call().isEmpty())) {
            return List.of();
        }
        return call(left).stream().map(Invariants::describeZombie).toList();
    }

    private static String describeZombie(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String name;
        String cgroup;
        try {
            name = Files.readString(proc.resolve("comm")).trim();
            List<String> lines = Files.readAllLines(proc.resolve("cgroup"));
            cgroup = lines.isEmpty() ? "?" : lines.get(lines.size() - 1);
        } catch (IOException | RuntimeException e) {
            return "zombie " + pid + " (reaped since)";
        }
        return "zombie " + pid + " " + name + " (cgroup " + cgroup + ")";
    }

    /**
     * Checks every log file under a directory that holds sequence-numbered lines: each stream's numbers are
     * 0, 1, 2, ... with no gap, duplicate or reordering, and, when the child said {@code done N}, run to N-1.
     *
     * @return the number of lines lost, duplicated or out of order
     */
    static long lostLines(Path outputDir) throws IOException {
        if (!Files.isDirectory(outputDir)) {
            return 0;
        }
        long lost = 0;
        try (Stream<Path> files = Files.walk(outputDir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).collect(Collectors.toList())) {
                lost += lostLinesIn(log);
            }
        }
        return lost;
    }

    private static long lostLinesIn(Path log) throws IOException {
        Map<String, Long> next = new HashMap<>();
        long lost = 0;
        long done = -1;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher seq = SEQ.matcher(line);
            if (seq.matches()) {
                if (!seq.group(1).equals(seq.group(2))) {
                    lost++;
                    continue;
                }
                long expected = next.getOrDefault(seq.group(1), 0L);
                long number = Long.parseLong(seq.group(3));
                if (number != expected) {
                    lost += Math.abs(number - expected);
                }
                next.put(seq.group(1), number + 1);
            }
            Matcher finished = DONE.matcher(line);
            if (finished.matches()) {
                done = Long.parseLong(finished.group(1));
            }
        }
        if (done >= 0) {
            for (String stream : List.of("out", "err")) {
                lost += Math.abs(done - next.getOrDefault(stream, 0L));
            }
        }
        return lost;
    }

    /** The threads alive now: take it before a scenario, then ask {@link #leftoverThreads(Set)} after it. */
    static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /**
     * Threads started since {@code before} and still alive after a grace period, whoever named them (an unnamed
     * thread of the extension counts too), except the JDK's own pools, which outlive their work by design, and the
     * extension's JVM-wide threads, which are made once and end with the JVM.
     */
    static List<String> leftoverThreads(Set<Thread> before) {
        settles(() -> newThreads(before).isEmpty());
        return newThreads(before);
    }

    private static List<String> newThreads(Set<Thread> before) {
        return threads().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                .filter(name -> JVM_WIDE.stream().noneMatch(name::startsWith)).sorted().collect(Collectors.toList());
    }

    private static <T> T call(Callable<T> callable) {
        try {
            return callable.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean settles(Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(5)).pollInSameThread().pollInterval(Duration.ofMillis(20))
                    .until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
