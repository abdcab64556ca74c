package dev.childproof.internal.process;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.output.OutputCapture;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.CookieSweep;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.internal.reap.LaunchRegistry;
import dev.childproof.internal.reap.ProcessTree;
import dev.childproof.internal.stop.ParentStopEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A launch at a process or thread limit: the child is forked, but no thread can be started to drain its output. The
 * limit is simulated (a real one makes the whole test JVM fail elsewhere): the capture's threads come from a factory
 * that throws what {@link Thread#start} throws there. The child is real.
 */
@DisplayName("A launch whose output drainers cannot start kills and reaps its process, forgets it, and says why")
@DisabledOnOs(OS.WINDOWS)
class UnreadLaunchTests {

    /** What {@link Thread#start} throws at a process or thread limit, on Java 17 and 25. */
    private static final String NO_NATIVE_THREAD =
            "unable to create native thread: possibly out of memory or process/resource limits reached";

    /** The end of the sentence at that limit. */
    private static final String AT_THE_LIMIT = "no thread could be started (the JVM is at its process or thread"
            + " limit); raise the limit (ulimit -u, pids.max) or launch fewer processes at once.";

    /** Tells the script's shell among the test JVM's children. */
    private static final String FORKER_MARK = "unread-launch-forker";
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final OperatingSystem os = OperatingSystem.current();

    @TempDir
    Path logs;

    private List<LaunchRecord> launched;

    @BeforeEach
    void watchLaunches() {
        launched = LaunchRegistry.instance().watchCurrentThread();
    }

    /** Whatever a failing assertion left running goes with the test (nothing, when the launch did its job). */
    @AfterEach
    void endWhatWasLaunched() {
        LaunchRegistry.instance().unwatchCurrentThread();
        for (LaunchRecord record : launched) {
            ProcessTree.snapshot(os, record.identity()).kill();
            Containment.instance().endAll(os, record.cookie());
            CookieSweep.end(os, record.cookie()::equals, -1, pid -> false);
            LaunchRegistry.instance().remove(record);
        }
    }

    @Test
    void aProgramIsKilledReapedAndForgottenAndTheLaunchFailsInOneSentenceWithTheErrorAsItsCause() throws Exception {
        assertLaunchAtTheLimitLeavesNothing("sleeper", () -> { }, new OutOfMemoryError(NO_NATIVE_THREAD),
                AT_THE_LIMIT);
    }

    @Test
    void aShellScriptGoesWithWhatItForkedBeforeTheDrainerFailed() throws Exception {
        // the drainer fails only once the script's two sleeps run, so there is a tree to end
        assertLaunchAtTheLimitLeavesNothing("forker", () -> await().atMost(GENEROUS).until(() ->
                ProcessHandle.current().children().filter(UnreadLaunchTests::isForker)
                        .anyMatch(forker -> forker.children().count() == 2)), new OutOfMemoryError(NO_NATIVE_THREAD),
                AT_THE_LIMIT);
    }

    /** Any other {@code OutOfMemoryError} ends the process the same way, and the sentence says what ran out. */
    @Test
    void aFullHeapIsSaidAsSuch() throws Exception {
        assertLaunchAtTheLimitLeavesNothing("sleeper", () -> { }, new OutOfMemoryError("Java heap space"),
                "the JVM ran out of memory (Java heap space); give the test JVM more (-Xmx) or keep less of each"
                        + " process's output in memory (outputBufferKiB).");
    }


    /** The first drainer is running when the second cannot start: it ends with the process, and nothing is left. */
    @Test
    void whenOnlyTheSecondDrainerCannotStartTheFirstEndsWithTheProcess() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        OutOfMemoryError limit = new OutOfMemoryError(NO_NATIVE_THREAD);
        assertLaunchAtTheLimitLeavesNothing("sleeper", task -> {
            if (!made.isEmpty()) {
                throw limit;
            }
            Thread first = new Thread(task, "first-drainer");
            first.setDaemon(true);
            made.add(first);
            return first;
        }, limit, AT_THE_LIMIT);
        assertThat(made).hasSize(1);
        // the pool keeps an idle thread for a while, then lets it end
        await("the first drainer to end").atMost(GENEROUS).until(() -> !made.get(0).isAlive());
    }

    private static boolean isForker(ProcessHandle child) {
        return child.info().arguments().map(args -> String.join(" ", args).contains(FORKER_MARK)).orElse(false);
    }

    private void assertLaunchAtTheLimitLeavesNothing(String field, Runnable beforeFailing, OutOfMemoryError limit,
            String why) throws Exception {
        assertLaunchAtTheLimitLeavesNothing(field, task -> {
            beforeFailing.run();
            throw limit;
        }, limit, why);
    }

    private void assertLaunchAtTheLimitLeavesNothing(String field, ThreadFactory noThread, OutOfMemoryError limit,
            String why) throws Exception {
        SpawnedProcess declared = Holder.class.getDeclaredField(field).getAnnotation(SpawnedProcess.class);
        ManagedProcess process = new ManagedProcess(DeclarationReader.read(declared, "field [" + field + "]", field,
                Optional.empty(), Settings.DEFAULTS), new ParentStopEvent(field),
                new OutputCapture(field, logs.resolve(field + ".log"), 64 * 1024, noThread), os);

        Throwable failure = catchThrowable(process::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("Process [" + field + "] was"
                + " launched but its output could not be read, so it was killed: " + why);
        assertThat(failure.getCause()).isSameAs(limit);
        assertThat(launched).as("the launch was registered before it failed").hasSize(1);
        LaunchRecord record = launched.get(0);
        long pid = record.identity().pid();
        // the JDK calls a zombie alive: a pid not alive is one that was reaped
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid %d, killed and reaped", pid)
                .isNotEqualTo(Optional.of(true));
        assertThat(LaunchRegistry.instance().live()).as("the registry").doesNotContain(record);
        assertThat(CookieSweep.find(os, record.cookie()::equals)).as("processes with its cookie").isEmpty();
        assertThat(Containment.instance().cgroupOf(record.cookie())).as("its cgroup, given back").isEmpty();
        assertThat(process.isAlive()).isFalse();
    }

    static final class Holder {
        @SpawnedProcess(command = {"sleep", "30"})
        ChildProcess sleeper;

        @SpawnedProcess(command = {"sh", "-c", "sleep 30 & sleep 30 & wait # " + FORKER_MARK})
        ChildProcess forker;
    }
}
