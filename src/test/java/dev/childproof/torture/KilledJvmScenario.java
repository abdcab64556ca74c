package dev.childproof.torture;

import dev.childproof.ChildProcess;
import dev.childproof.Childproof;
import dev.childproof.ProcessSpawner;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.CookieSweep;
import dev.childproof.internal.reap.RunCookie;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The test JVM killed with {@code kill -9} mid-test: another JVM runs {@link MidTestTestCase}, which launches trees,
 * a SIGTERM-ignoring shell and double-forked escapees and then hangs; once it says so it is killed, and within
 * {@link #GRACE} nothing carrying its cookie, and none of its escapees, may be alive (the watchdog's job).
 */
final class KilledJvmScenario {

    static final Duration GRACE = Duration.ofSeconds(5);

    private static final OperatingSystem OS = OperatingSystem.current();

    private KilledJvmScenario() {
    }

    static void run(Path output, Findings findings) {
        try (TestJvm jvm = TestJvm.running(MidTestTestCase.class)) {
            long jvmPid = jvm.process().pid();
            String escapees = jvm.awaitLine("^torture ready, escapees ([\\d ]+)$", Duration.ofSeconds(60));
            List<ProcessIdentity> left = new ArrayList<>(processesOf(jvmPid));
            for (String pid : escapees.trim().split(" ")) {
                ProcessIdentity.of(OS, Long.parseLong(pid)).ifPresent(left::add);
            }
            if (left.size() < 6) {
                findings.fail("expected at least 6 processes of the test JVM alive before its kill, saw " + left);
            }
            jvm.process().destroyForcibly();
            try {
                await().atMost(GRACE).pollInterval(Duration.ofMillis(20))
                        .until(() -> processesOf(jvmPid).isEmpty() && left.stream().noneMatch(id -> id.isAlive(OS)));
            } catch (ConditionTimeoutException e) {
                List<ProcessIdentity> alive = new ArrayList<>(processesOf(jvmPid));
                left.stream().filter(id -> id.isAlive(OS) && !alive.contains(id)).forEach(alive::add);
                for (ProcessIdentity id : alive) {
                    findings.leaked(id.pid() + " " + OS.commandLine(id.pid()) + " (alive " + GRACE.toSeconds()
                            + "s after its test JVM's kill -9)");
                    id.signal(OS, "KILL");
                }
            }
        }
    }

    private static List<ProcessIdentity> processesOf(long jvmPid) {
        return CookieSweep.find(OS, cookie -> RunCookie.issuingJvm(cookie).filter(pid -> pid == jvmPid).isPresent());
    }

    /** Runs in the JVM that gets killed. */
    @Childproof
    static class MidTestTestCase {
        @SpawnedProcess(command = {"sh", "-c", "sleep 300 & sleep 300 & wait"})
        ChildProcess tree;

        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; sleep 300 & wait"})
        ChildProcess stubborn;

        @SpawnedProcess(command = {"sh", "-c", "trap '' TERM; " + Escapees.ESCAPE + "exec sleep 300"})
        ChildProcess escaper;

        @Test
        void hangsUntilKilled(ProcessSpawner spawner) throws InterruptedException {
            Escapees.record(escaper);
            if (Containment.instance().isOn()) {
                Escapees.record(spawner.command("sh", "-c", "trap '' TERM; " + Escapees.ESCAPE_ENV_CLEARED
                        + "exec sleep 300").name("envClearedEscaper").spawn());
            }
            String pids = Escapees.drain().stream().map(id -> Long.toString(id.pid()))
                    .collect(Collectors.joining(" "));
            await().atMost(Duration.ofSeconds(30)).until(() -> tree.isAlive() && stubborn.isAlive()
                    && ProcessHandle.of(tree.pid()).map(h -> h.children().count()).orElse(0L) == 2);
            System.out.println("torture ready, escapees " + pids);
            new CountDownLatch(1).await();
        }
    }
}
