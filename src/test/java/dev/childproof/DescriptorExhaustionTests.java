package dev.childproof;

import dev.childproof.fixtures.AwaitsStopEvent;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A test JVM that has used up every file descriptor (RLIMIT_NOFILE) when its processes are ended: the cleanup still
 * signals them, promptly, where it once took the unreadable {@code /proc/<pid>/stat} for a process gone and sent
 * nothing, waiting out each rung's grace instead.
 */
@DisplayName("Cleanup: a test JVM without a file descriptor left")
@EnabledOnOs(OS.LINUX)
class DescriptorExhaustionTests {

    private static final OperatingSystem OS_NOW = OperatingSystem.current();

    /** Far under the fixture's 20 s stop timeout, which the old cleanup waited out (and 11 s more) without a signal. */
    private static final Duration PROMPTLY = Duration.ofSeconds(8);

    @Test
    void cleanupEndsEveryProcessPromptlyThoughTheTestJvmHasNoDescriptorLeft() {
        try (TestJvm jvm = TestJvm.runningUnder(List.of("prlimit", "--nofile=1024"), ExhaustedTestCase.class)) {
            List<ProcessIdentity> launched = parse(jvm.awaitLine("^processes (.*)$", Duration.ofSeconds(60)));
            assertThat(launched).as("two trees of a shell and its sleeps, and a JVM").hasSize(7);
            assertThat(jvm.awaitLine("^exhausted after (\\d+) more$", Duration.ofSeconds(60))).isNotEqualTo("0");

            String alive = jvm.awaitLine("^alive after the cleanup: \\[(.*)\\]$", Duration.ofSeconds(90));
            long took = Long.parseLong(jvm.awaitLine("^cleanup took (\\d+) ms$", Duration.ofSeconds(10)));
            String javaChild = jvm.awaitLine("^the one awaiting its event ended: (.*)$", Duration.ofSeconds(10));

            assertThat(alive).as("what the cleanup left alive").isEmpty();
            assertThat(Duration.ofMillis(took)).as("the cleanup; the test JVM's lines, with the timelines:%n%s",
                    String.join("\n", jvm.lines())).isLessThan(PROMPTLY);
            assertThat(javaChild).as("the Java child, stopped by its stop file")
                    .isEqualTo(ExitStatus.of(0).toString());
            await("every process launched to be gone").atMost(Duration.ofSeconds(30))
                    .until(() -> launched.stream().noneMatch(id -> id.isAlive(OS_NOW)));
            jvm.awaitLine("^tests succeeded 2, failed 0$", Duration.ofSeconds(30));
        }
    }

    private static List<ProcessIdentity> parse(String identities) {
        return Arrays.stream(identities.split(" ")).map(id -> id.split(":"))
                .map(parts -> new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1])))
                .collect(Collectors.toList());
    }

    /**
     * Run in a JVM of its own under a low descriptor limit: launches a tree that ends on SIGTERM and a JVM that ends on
     * its stop event (both with a stop timeout the cleanup must not wait out) and a tree that ignores SIGTERM (which
     * only SIGKILL ends), then takes every descriptor
     * left and keeps them through the cleanup; the class's end reports how long the cleanup took and, once it gave
     * them back, what the cleanup left alive.
     */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ExhaustedTestCase {
        static final List<FileInputStream> HELD = new ArrayList<>();
        static final List<ProcessIdentity> LAUNCHED = new ArrayList<>();
        static volatile long exhaustedAt;

        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & wait"}, stopTimeout = "20s")
        ChildProcess obeys;

        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & wait"}, stopTimeout = "1s",
                killTimeout = "1s")
        ChildProcess ignoresTerm;

        /** Stops by its stop event only (a Java main's stop method): it needs the stop file made. */
        @SpawnedProcess(main = AwaitsStopEvent.class, stopTimeout = "20s")
        ChildProcess awaitsItsEvent;

        static volatile ChildProcess lastAwaitingItsEvent;
        static final List<ChildProcess> HANDLES = new ArrayList<>();

        /**
         * The same processes through the same cleanup with descriptors to spare, first: the classes the cleanup uses
         * are loaded by then, as they would be from the extension's jar (held open) where here they come from a
         * directory, each class file needing a descriptor of its own. So is the one that warns of a log file that
         * cannot be made, which the second test's processes have none left for.
         */
        @Test
        @Order(1)
        void warmsUpTheCleanup() throws ClassNotFoundException {
            Class.forName("dev.childproof.internal.output.LogFailureWarning");
            assertThat(obeys.isAlive() && ignoresTerm.isAlive()).isTrue();
        }

        @Test
        @Order(2)
        void takesEveryDescriptorLeft() {
            for (ChildProcess root : List.of(obeys, ignoresTerm)) {
                LAUNCHED.add(ProcessIdentity.of(OperatingSystem.current(), root.pid()).orElseThrow());
                LAUNCHED.addAll(CleanupTests.awaitDescendants(root, 2));
            }
            LAUNCHED.add(ProcessIdentity.of(OperatingSystem.current(), awaitsItsEvent.pid()).orElseThrow());
            lastAwaitingItsEvent = awaitsItsEvent;
            HANDLES.addAll(List.of(obeys, ignoresTerm, awaitsItsEvent));
            System.out.println("processes " + LAUNCHED.stream().map(id -> id.pid() + ":" + id.startTime())
                    .collect(Collectors.joining(" ")));
            try {
                while (true) {
                    HELD.add(new FileInputStream("/dev/null"));
                }
            } catch (IOException e) {
                exhaustedAt = System.nanoTime();
            }
            System.out.println("exhausted after " + HELD.size() + " more");
        }

        @AfterAll
        static void report() throws IOException {
            long took = System.nanoTime() - exhaustedAt;
            // the cleanup of the test's processes is over: giving the descriptors back cannot help it any more
            for (FileInputStream held : HELD) {
                held.close();
            }
            String alive = LAUNCHED.stream().filter(id -> id.isAlive(OperatingSystem.current()))
                    .map(id -> Long.toString(id.pid())).collect(Collectors.joining(" "));
            System.out.println("alive after the cleanup: [" + alive + "]");
            System.out.println("cleanup took " + took / 1_000_000 + " ms");
            HANDLES.forEach(handle -> System.out.println(handle.name() + ": " + handle.timeline()));
            System.out.println("the one awaiting its event ended: " + lastAwaitingItsEvent.exitStatus()
                    .map(ExitStatus::toString).orElse("not yet"));
        }
    }
}
