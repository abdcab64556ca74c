package dev.childproof.internal.reap;

import dev.childproof.ChildProcess;
import dev.childproof.Childproof;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.PosixCalls;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SpawnsInFlight;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.FakeProcessTable;
import dev.childproof.testkit.ForkLoop;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The zombies the test JVM inherits as a child subreaper (Java 22+) are reaped, and never one the JDK started: on a
 * process table in memory, and end to end with launched trees (on Java 17–21 init inherits them, and the end-to-end
 * cases hold all the same).
 */
@Isolated("counts spawns in flight JVM-wide, and reaps the JVM's children")
@DisplayName("Cleanup: zombies the test JVM inherits are reaped, never one the JDK started")
class InheritedZombiesTests {

    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final OperatingSystem OS = OperatingSystem.current();
    private static final long JVM = 4000;

    private final FakeProcessTable table = new FakeProcessTable();
    private final List<Long> reaped = new CopyOnWriteArrayList<>();
    private final LongPredicate reap = pid -> {
        reaped.add(pid);
        table.remove(pid);
        return true;
    };

    private InheritedZombies zombies(LongPredicate diedInRunCgroup) {
        table.put(JVM, 100, "java");
        return new InheritedZombies(table, JVM, () -> true, reap, diedInRunCgroup);
    }

    /** Looks until the pid is reaped: a look while a spawn of another class is in flight takes nothing by cgroup. */
    private void awaitReaped(InheritedZombies zombies, long pid) {
        await().atMost(GENEROUS).until(() -> {
            zombies.reapAmong(table.childrenOf(JVM));
            return reaped.contains(pid);
        });
    }

    @Test
    void reapsAZombieThatDiedInTheRunsCgroupAtOnceAndAnyOtherAtTheNextLook() {
        InheritedZombies zombies = zombies(pid -> pid == 201 || pid == 203);
        table.put(201, 200, "sleep 300").parent(JVM).zombie();
        table.put(202, 200, "sleep 300").parent(JVM).zombie(); // an orphan of the test's own, not in the cgroup
        table.put(203, 200, "sleep 300").parent(JVM); // running in the cgroup

        awaitReaped(zombies, 201);
        assertThat(reaped).containsExactly(201L);

        zombies.reapAmong(table.childrenOf(JVM));
        assertThat(reaped).containsExactly(201L, 202L);
    }

    @Test
    void aZombieFoundAtTwoLooksIsReapedOnlyIfItIsTheSameProcess() {
        InheritedZombies zombies = zombies(any -> false);
        table.put(202, 200, "sleep 300").parent(JVM).zombie();
        zombies.reapAmong(table.childrenOf(JVM));
        table.put(202, 250, "sleep 300").parent(JVM).zombie(); // reaped by someone, its pid taken by a later one

        zombies.reapAmong(table.childrenOf(JVM));
        assertThat(reaped).isEmpty();

        zombies.reapAmong(table.childrenOf(JVM));
        assertThat(reaped).containsExactly(202L);
    }

    @Test
    void leavesAChildTheJdkStartedToTheJdkUntilTheJdkHasReapedIt() throws InterruptedException {
        Process started = startSleep();
        long pid = started.pid();
        InheritedZombies zombies = zombies(any -> true);
        zombies.startedByTheJdk(started);
        // as the table would show it between its exit and the JDK's reaping; even when cleanup ended it as an escapee
        table.put(pid, 200, "sleep 300").parent(JVM).zombie();
        zombies.handOver(List.of(new ProcessIdentity(pid, 200)));

        zombies.reapAmong(table.childrenOf(JVM));
        zombies.reapAmong(table.childrenOf(JVM)); // not at a second look either
        assertThat(reaped).isEmpty();

        started.destroyForcibly().waitFor();
        awaitReaped(zombies, pid); // the JDK has reaped it: the pid at the table's zombie is another process now
    }

    @Test
    void takesNothingByItsCgroupWhileASpawnIsInFlight() {
        InheritedZombies zombies = zombies(any -> true);
        table.put(201, 200, "sleep 300").parent(JVM).zombie();
        SpawnsInFlight.begin();
        try {
            zombies.reapAmong(table.childrenOf(JVM));
            assertThat(reaped).as("at the first look").isEmpty();
        } finally {
            SpawnsInFlight.end();
        }
        awaitReaped(zombies, 201);
    }

    @Test
    void reapsWhatWasHandedOverOnceItIsAZombieChildOfTheJvmWhereverItDied() {
        InheritedZombies zombies = zombies(any -> false);
        ProcessIdentity member = new ProcessIdentity(201, 200);
        ProcessIdentity reused = new ProcessIdentity(202, 150); // its pid names a later process now
        zombies.handOver(List.of(member, reused));
        table.put(201, 200, "sleep 300").parent(300); // still its parent's
        table.put(300, 190, "sh").parent(JVM);
        table.put(202, 200, "sleep 300").parent(JVM).zombie();

        zombies.reapAmong(table.childrenOf(JVM));
        assertThat(reaped).as("at the first look").isEmpty();

        table.remove(202);
        table.put(201, 200, "sleep 300").parent(JVM).zombie(); // its parent died: re-parented, then it died
        zombies.reapAmong(table.childrenOf(JVM));
        assertThat(reaped).containsExactly(201L);

        table.put(203, 200, "sleep 300").parent(JVM).zombie(); // a zombie child already: reaped as it is handed over
        assertThat(zombies.handOver(List.of(new ProcessIdentity(203, 200)))).extracting(ProcessIdentity::pid)
                .containsExactly(203L);
    }

    @Test
    void keepsNothingWhereTheJvmReapsNothing() throws InterruptedException {
        Process started = startSleep();
        try {
            InheritedZombies zombies = new InheritedZombies(table, JVM, () -> false, reap, any -> true);
            zombies.startedByTheJdk(started);
            zombies.handOver(List.of(new ProcessIdentity(201, 200)));
            table.put(201, 200, "sleep 300").parent(JVM).zombie();

            assertThat(zombies.reapAmong(table.childrenOf(JVM))).isEmpty();
            assertThat(reaped).isEmpty();
        } finally {
            started.destroyForcibly().waitFor();
        }
    }

    @Test
    void theZombiesOfALaunchedTreeAreReapedAfterItsTest() {
        assertReaped(ZombieTreeTestCase.class, Map.of(), ZombieTreeTestCase.descendants);
    }

    @Test
    void theZombiesOfALaunchedTreeAreReapedAfterItsTestWithoutACgroup() {
        assertReaped(ZombieTreeWithoutCgroupTestCase.class, Map.of("childproof.cleanup.cgroup", "off"),
                ZombieTreeWithoutCgroupTestCase.descendants);
    }

    @Test
    void anAdoptedOrphanThatExitsOnItsOwnIsReapedBeforeAnyCleanup() {
        assumeTrue(PosixCalls.instance().isAvailable(), () -> "the subreaper needs Java 22+ on Linux: "
                + PosixCalls.instance().unavailableReason());
        // without a cgroup, where only its adoption tells that it is no child the JDK started
        ChildproofTestKit.executeTestClass(ExitingDaemonTestCase.class, Map.of("childproof.cleanup.cgroup", "off"))
                .hasTests(1, 0);
    }

    @Test
    void aRunCgroupMadeBelowThisJvmIsToldFromThisJvmsOwnCgroup() throws InterruptedException {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 here");
        Process own = startSleep();
        try {
            assertThat(Containment.inRunCgroupBelowThisJvm(own.pid())).as("the test's own child").isFalse();
        } finally {
            own.destroyForcibly().waitFor();
        }
        ChildproofTestKit.executeTestClass(LaunchedTestCase.class).hasTests(1, 0);
    }

    @Test
    void theLastChildrenOfAForkLoopThatNoSweepSawAliveAreReapedWithoutACgroup() {
        Set<Long> before = zombieChildren();
        ChildproofTestKit.executeTestClass(ForkLoopTestCase.class, Map.of("childproof.cleanup.cgroup", "off"))
                .hasTests(1, 0);
        assertThat(FORK_LOOP.alive()).as("fork loop processes alive after the test").isEmpty();
        await("no zombie the fork loop left").atMost(GENEROUS)
                .until(() -> zombieChildren().stream().allMatch(before::contains));
    }

    private static Set<Long> zombieChildren() {
        return OS.childrenOf(ProcessHandle.current().pid()).stream().filter(OS::isGone).collect(Collectors.toSet());
    }

    private static void assertReaped(Class<?> fixture, Map<String, String> configuration,
            List<ProcessIdentity> descendants) {
        descendants.clear();
        ChildproofTestKit.executeTestClass(fixture, configuration).hasTests(1, 0);

        assertThat(descendants).hasSize(2);
        await("the tree's zombies to be reaped").atMost(GENEROUS).until(() -> descendants.stream()
                .allMatch(id -> OS.startTime(id.pid()).orElse(-1) != id.startTime()));
    }

    private static Process startSleep() {
        try {
            return new ProcessBuilder("sleep", "300").start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A child that ends at once, one that runs, and a root that never reaps: a shell that exec'd into sleep. */
    static final String ZOMBIE_AND_CHILD = "sleep 0 & sleep 300 & exec sleep 300";

    /**
     * A root that never reaps (a shell that exec'd into {@code sleep}) with a child that ended at once, a zombie of
     * the root, and one that runs: once the root dies, both are the JVM's where it is a subreaper.
     */
    static List<ProcessIdentity> zombieAndChild(ChildProcess root) {
        await().atMost(GENEROUS).until(() -> {
            List<Long> children = OS.childrenOf(root.pid());
            return children.size() == 2 && children.stream().filter(OS::isGone).count() == 1;
        });
        List<ProcessIdentity> found = new ArrayList<>();
        for (long pid : OS.childrenOf(root.pid())) {
            ProcessIdentity.of(OS, pid).ifPresent(found::add);
        }
        return found;
    }

    @Childproof
    static class ZombieTreeTestCase {
        static final List<ProcessIdentity> descendants = new CopyOnWriteArrayList<>();

        @Test
        void leavesAZombieAndAChild(@SpawnedProcess(command = {"sh", "-c", ZOMBIE_AND_CHILD},
                stopTimeout = "1ms") ChildProcess root) {
            descendants.addAll(zombieAndChild(root));
        }
    }

    private static final ForkLoop FORK_LOOP = new ForkLoop("29433");

    @Childproof
    static class ForkLoopTestCase {
        @Test
        void leavesAnOrphanForking(@SpawnedProcess(command = {"sh", "-c", ForkLoop.JVM_PID
                + "sh -c \"while :; do sleep 29433.$p & sleep 0.005; done\" & exit 0"}) ChildProcess root) {
            assertThat(root.join(GENEROUS)).as("the child exited on its own").isPresent();
            await().atMost(GENEROUS).until(() -> FORK_LOOP.alive().size() > 20);
        }
    }

    @Childproof
    static class LaunchedTestCase {
        @Test
        void isInItsRunCgroup(@SpawnedProcess(command = {"sleep", "300"}) ChildProcess launched) {
            // a program that is not a shell script is moved into its cgroup a moment after its start
            await().atMost(GENEROUS).until(() -> Containment.inRunCgroupBelowThisJvm(launched.pid()));
        }
    }

    @Childproof
    static class ExitingDaemonTestCase {
        @Test
        void itsDaemonExitsWhileTheTestRuns(@SpawnedProcess(command = {"sh", "-c",
                "(setsid sh -c 'echo $$; exec sleep 1' &); exec sleep 300"}) ChildProcess root) {
            long pid = Long.parseLong(root.awaitLine("^\\d+$", GENEROUS));
            ProcessIdentity daemon = ProcessIdentity.of(OS, pid).orElseThrow();
            await("the daemon to be adopted").atMost(GENEROUS)
                    .until(() -> Adoption.instance().recorded().contains(daemon));
            await("the daemon to exit and be reaped").atMost(GENEROUS)
                    .until(() -> OS.startTime(pid).orElse(-1) != daemon.startTime());
        }
    }

    @Childproof
    static class ZombieTreeWithoutCgroupTestCase {
        static final List<ProcessIdentity> descendants = new CopyOnWriteArrayList<>();

        @Test
        void leavesAZombieAndAChild(@SpawnedProcess(command = {"sh", "-c", ZOMBIE_AND_CHILD},
                stopTimeout = "1ms") ChildProcess root) {
            descendants.addAll(zombieAndChild(root));
        }
    }
}
