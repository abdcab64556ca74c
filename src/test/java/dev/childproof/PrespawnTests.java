package dev.childproof;

import dev.childproof.fixtures.RunTestClass;
import dev.childproof.internal.launch.LauncherPool;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.reap.Containment;
import dev.childproof.internal.reap.HelperProcesses;
import dev.childproof.internal.stop.RunDirectory;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.ExecutionResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Launch: pre-spawned launchers (childproof.launch.prespawn=on) give the program a direct launch gives")
@Isolated("shuts the JVM's launcher pool down after each test")
class PrespawnTests {

    static final Duration GENEROUS = Duration.ofSeconds(30);
    static final Map<String, String> ON = Map.of("childproof.launch.prespawn", "on");
    /** Arguments and a variable value a shell would mangle if they were not quoted whole. */
    static final String AWKWARD = "it's \"quoted\" $HOME `true` \\ * ; & |\nsecond line";

    @AfterEach
    void endThePool() {
        LauncherPool.instance().shutdown();
    }

    static void assumePoolAvailable() {
        Optional<String> reason = LauncherPool.instance().unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "every launch is direct here: " + reason.orElse(""));
    }

    /** Fills the pool before a run, so its first launch is handed over (the pool starts on a first launch). */
    static void warmPool() {
        assumePoolAvailable();
        LauncherPool.instance().start(true);
        await().atMost(GENEROUS).until(() -> HelperProcesses.idleLaunchers().size() >= LauncherPool.IDLE);
    }

    /**
     * {@code readyOnPort} tells a socket of a process running before the program from one of a later process by
     * their start times, and a pre-spawned program keeps its launcher's, taken before the launch was asked for: a
     * server started between the launcher's spawn and the launch (another server on the port, one an earlier test
     * left running) must not make the program ready, as it does not a directly launched one.
     */
    @Test
    void aServerStartedBeforeTheLaunchButAfterTheLauncherDoesNotMakeTheProgramReady() throws Exception {
        warmPool();
        List<Long> launchers = List.copyOf(HelperProcesses.idleLaunchers());
        OperatingSystem os = OperatingSystem.current();
        int port = ReadinessTests.freePort();
        Process other = new ProcessBuilder("/usr/bin/python3", "-c", "import socket, time\n"
                + "s = socket.socket()\n"
                + "s.bind(('127.0.0.1', " + port + "))\n"
                + "s.listen()\n"
                + "print('listening', flush=True)\n"
                + "time.sleep(60)\n").redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine()).as("the other server bound the port").isEqualTo("listening");
            long otherStart = os.startTime(other.pid()).orElseThrow();
            assertThat(launchers).as("the launchers started before the other server").allSatisfy(launcher ->
                    assertThat(os.startTime(launcher).orElseThrow()).isLessThan(otherStart));
            PortHeldTestCase.port = port;
            PortHeldTestCase.outcomes.clear();
            ChildproofTestKit.executeTestClass(PortHeldTestCase.class, ON).hasTests(1, 0);
            assertThat(PortHeldTestCase.outcomes).singleElement().asString().startsWith("not ready: ")
                    .contains("held by pid " + other.pid());
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
    }

    @Test
    void theProgramGetsTheArgumentsEnvironmentStdinAndExitCodeADirectLaunchGives() {
        SameProcessTestCase.runs.clear();
        ChildproofTestKit.executeTestClass(SameProcessTestCase.class).hasTests(1, 0);
        warmPool();
        ChildproofTestKit.executeTestClass(SameProcessTestCase.class, ON).hasTests(1, 0);
        assertThat(SameProcessTestCase.runs).hasSize(2);
        Run direct = SameProcessTestCase.runs.get(0);
        Run prespawned = SameProcessTestCase.runs.get(1);
        assertThat(direct.launched()).doesNotContain("pre-spawned");
        assertThat(prespawned.launched()).matches(".*\\(pre-spawned launcher\\), .*\\(pre-spawned launcher\\)");
        String firstLine = "it's \"quoted\" $HOME `true` \\ * ; & |";
        assertThat(prespawned.lines()).isEqualTo(direct.lines()).contains("arg [" + firstLine, "second line]",
                "arg [two words]", "stdin hello", "var [" + firstLine, "env AWKWARD=" + firstLine, "env HOME="
                + System.getenv("HOME"), "env of env: AWKWARD=" + firstLine);
        assertThat(prespawned.exitCode()).isEqualTo(direct.exitCode()).isEqualTo(7);
    }

    @Test
    void underALocaleThatIsNotUtf8TheProgramGetsTheBytesADirectLaunchGives() {
        assumePoolAvailable();
        CLocaleTestCase.lines.clear();
        ChildproofTestKit.executeTestClass(CLocaleTestCase.class).hasTests(1, 0);
        List<String> lines = CLocaleTestCase.lines;
        assertThat(lines).as("the run in a JVM under LC_ALL=C").contains("tests succeeded 1, failed 0");
        String jdk = line(lines, "jdk :");
        assertThat(line(lines, "after the pool is warm ")).as("the same launch through the extension, the pool warm")
                .endsWith(jdk.substring(jdk.indexOf(':')));
        assertThat(line(lines, "ascii ")).as("a launch ASCII can hold").contains("(pre-spawned launcher)");
    }

    @Test
    void variablesALauncherShellResetsKeepTheValuesOfTheTestJvm() {
        assumePoolAvailable();
        ShellVariablesTestCase.lines.clear();
        ChildproofTestKit.executeTestClass(ShellVariablesTestCase.class).hasTests(1, 0);
        List<String> lines = ShellVariablesTestCase.lines;
        assertThat(lines).as("the run in a JVM with IFS, OPTIND, PPID and n").contains("tests succeeded 1, failed 0");
        String direct = line(lines, "first ");
        assertThat(direct).startsWith("first launched pid N: ").contains("|IFS=,|", "|OPTIND=5|", "|PPID=77|",
                "|n=mine|");
        assertThat(line(lines, "after the pool is warm ")).isEqualTo("after the pool is warm launched pid N"
                + " (pre-spawned launcher): " + direct.substring("first launched pid N: ".length()));
    }

    @Test
    void aTestJvmWhoseOptindDashRefusesLaunchesDirectly() {
        assumePoolAvailable();
        BadOptindTestCase.lines.clear();
        ChildproofTestKit.executeTestClass(BadOptindTestCase.class).hasTests(1, 0);
        List<String> lines = BadOptindTestCase.lines;
        assertThat(lines).as("the run in a JVM with OPTIND=abc").contains("tests succeeded 1, failed 0");
        assertThat(line(lines, "unavailable ")).isEqualTo("unavailable the variable OPTIND of the test JVM's"
                + " environment is not a number dash takes (it would exit)");
        assertThat(line(lines, "launched pid")).isEqualTo("launched pid N, exited with code 0, abc");
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting [" + prefix + "] in " + lines));
    }

    @Test
    void aLaunchThePoolCannotMakeUnchangedIsDirect() {
        warmPool();
        WorkingDirTestCase.launched.clear();
        ChildproofTestKit.executeTestClass(WorkingDirTestCase.class, ON).hasTests(1, 0);
        assertThat(WorkingDirTestCase.launched).hasSize(2);
        assertThat(WorkingDirTestCase.launched.get(0)).endsWith("(pre-spawned launcher)");
        assertThat(WorkingDirTestCase.launched.get(1)).doesNotContain("pre-spawned");
    }

    @Test
    void aLaunchExecveRefusesAsTooLongFailsAtStartAsADirectOneDoes() {
        assumePoolAvailable();
        List<String> direct = failures(ChildproofTestKit.executeTestClass(TooLongTestCase.class));
        warmPool();
        List<String> prespawned = failures(ChildproofTestKit.executeTestClass(TooLongTestCase.class, ON));
        String tooLong = "): " + LaunchFailureTests.tooLong();
        assertThat(direct).containsExactly("manyArguments: ProcessSpawner process [many] could not be launched"
                + " (/bin/echo " + "y".repeat(290) + "... (7199769 more characters)" + tooLong, "oneArgument:"
                + " ProcessSpawner process [one] could not be launched (/bin/echo start " + "x".repeat(284)
                + "... (199716 more characters)" + tooLong);
        assertThat(prespawned).as("pre-spawned").isEqualTo(direct);
    }

    /** The failures of a run, as {@code method: message}, in the order of the methods' names. */
    private static List<String> failures(ExecutionResults results) {
        return results.raw().testEvents().failed().stream().map(event -> event.getTestDescriptor()
                .getLegacyReportingName().replaceAll("\\(.*", "") + ": " + event.getRequiredPayload(
                TestExecutionResult.class).getThrowable().map(Throwable::getMessage).orElse("")).sorted().toList();
    }

    @Test
    void aPrespawnedProcessIsInItsOwnCgroup() {
        assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        warmPool();
        CgroupTestCase.cgroup = null;
        ChildproofTestKit.executeTestClass(CgroupTestCase.class, ON).hasTests(1, 0);
        assertThat(CgroupTestCase.cgroup).contains("/" + Containment.PREFIX);
    }

    @Test
    void idleLaunchersAreNeitherLeaksNorLeftoversAndEndWithThePool() {
        warmPool();
        ChildproofTestKit.executeTestClass(LeakCheckedTestCase.class, ON).hasTests(2, 0);
        await().atMost(GENEROUS).until(() -> HelperProcesses.idleLaunchers().size() >= LauncherPool.IDLE);
        List<ProcessHandle> idle = new ArrayList<>();
        HelperProcesses.idleLaunchers().forEach(pid -> ProcessHandle.of(pid).ifPresent(idle::add));
        assertThat(idle).hasSize(LauncherPool.IDLE).allMatch(ProcessHandle::isAlive);
        LauncherPool.instance().shutdown();
        await().atMost(GENEROUS).until(() -> idle.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(HelperProcesses.idleLaunchers()).isEmpty();
    }

    @Test
    void idleLaunchersDoNotOutliveATestJvmThatIsKilled() {
        assumePoolAvailable();
        KilledJvmTestCase.idle.clear();
        ChildproofTestKit.executeTestClass(KilledJvmTestCase.class).hasTests(1, 0);
        assertThat(KilledJvmTestCase.idle).hasSize(LauncherPool.IDLE);
        // gone or a zombie: on Java 22+ this JVM is a child subreaper, so the orphans it inherits stay zombies here
        // until reaped, which the JDK does not do for processes it did not start
        OperatingSystem os = OperatingSystem.current();
        await().atMost(GENEROUS).until(() -> KilledJvmTestCase.idle.stream().allMatch(os::isGone));
    }

    record Run(String launched, List<String> lines, int exitCode) {
    }

    @Childproof
    static class PortHeldTestCase {
        static volatile int port;
        static final List<String> outcomes = new CopyOnWriteArrayList<>();

        @Test
        void run(ProcessSpawner spawner) {
            try {
                ChildProcess child = spawner.command("sleep", "30").readyOnPort(port)
                        .readyTimeout(Duration.ofSeconds(1)).spawn();
                outcomes.add("ready: " + StopEventTests.descriptions(child));
            } catch (ProcessNotReadyException e) {
                outcomes.add("not ready: " + e.getMessage());
            }
        }
    }

    static class SameProcessTestCase {
        static final List<Run> runs = new CopyOnWriteArrayList<>();

        @Test
        void run(@SpawnedProcess(command = {"sh", "-c", "printf 'arg [%s]\\n' \"$0\" \"$@\"; read -r line;"
                + " echo \"stdin $line\"; printf 'var [%s]\\n' \"$AWKWARD\"; env | sort | sed 's/^/env /'; exit 7",
                AWKWARD, "two words"}, env = "AWKWARD=" + AWKWARD) ChildProcess child,
                @SpawnedProcess(command = "env", env = "AWKWARD=" + AWKWARD) ChildProcess env) {
            child.sendLine("hello");
            int code = child.join().code();
            env.join();
            List<String> lines = new ArrayList<>(child.output().lines());
            // the environment as a program that is not a shell gets it (a shell rewrites PWD itself)
            env.output().lines().stream().sorted().forEach(line -> lines.add("env of env: " + line));
            // the variables that name this launch's own cookie and files differ from launch to launch
            lines.removeIf(line -> line.matches("env (of env: )?CHILDPROOF_(COOKIE|STOP_FILE|READY_FILE)=.*"));
            runs.add(new Run(StopEventTests.descriptions(child).get(0) + ", "
                    + StopEventTests.descriptions(env).get(0), lines, code));
        }
    }

    static class WorkingDirTestCase {
        static final List<String> launched = new CopyOnWriteArrayList<>();

        @Test
        void run(@SpawnedProcess(command = {"/bin/true"}) ChildProcess first,
                @SpawnedProcess(command = {"pwd"}, workingDir = "/") ChildProcess inRoot) {
            first.join();
            inRoot.join();
            assertThat(inRoot.output().lines()).containsExactly("/");
            launched.add(StopEventTests.descriptions(first).get(0));
            launched.add(StopEventTests.descriptions(inRoot).get(0));
        }
    }

    /**
     * Launches {@code execve} refuses as too long ({@code E2BIG}): one argument of more than 128 KiB, and 60 that
     * are short enough one by one but not together (7.2 MB, over the most Linux takes, 6 MiB).
     */
    @Childproof
    static class TooLongTestCase {
        @Test
        void oneArgument(ProcessSpawner spawner) {
            spawner.command("/bin/echo", "start").args("x".repeat(200_000)).name("one").spawn().join();
        }

        @Test
        void manyArguments(ProcessSpawner spawner) {
            spawner.command("/bin/echo").args(Collections.nCopies(60, "y".repeat(120_000)).toArray(String[]::new))
                    .name("many").spawn().join();
        }
    }

    static class CgroupTestCase {
        static volatile String cgroup;

        @Test
        void run(@SpawnedProcess(command = {"cat", "/proc/self/cgroup"}) ChildProcess child) {
            child.join();
            assertThat(StopEventTests.descriptions(child).get(0)).endsWith("(pre-spawned launcher)");
            cgroup = String.join("\n", child.output().lines());
        }
    }

    @DetectProcessLeaks
    static class LeakCheckedTestCase {
        @Test
        void first(@SpawnedProcess(command = {"/bin/true"}) ChildProcess child) {
            child.join();
        }

        @Test
        void second(@SpawnedProcess(command = {"/bin/true"}) ChildProcess child) {
            child.join();
        }
    }

    static class KilledJvmTestCase {
        static final List<Long> idle = new CopyOnWriteArrayList<>();

        @Test
        void run(@SpawnedProcess(main = RunTestClass.class, args = "dev.childproof.PrespawnTests$BlockingTestCase",
                jvmArgs = "-Dchildproof.launch.prespawn=on", daemon = true) ChildProcess jvm) {
            String line = jvm.awaitLine("idle launchers .*", GENEROUS);
            for (String pid : line.substring("idle launchers ".length()).split(",")) {
                idle.add(Long.parseLong(pid.trim()));
            }
            Path runDirectory = Paths.get(jvm.awaitLine("run directory .*", GENEROUS)
                    .substring("run directory ".length()));
            jvm.signal(Signal.SIGKILL);
            assertThat(jvm.join(GENEROUS)).isPresent();
            // its watchdog carries this run's cookie (inherited with the JVM's environment), so this test's cleanup
            // ends it: wait until it has done its work, or the directory is left in the temporary directory
            await().atMost(GENEROUS).until(() -> Files.notExists(runDirectory, LinkOption.NOFOLLOW_LINKS));
        }
    }

    static class CLocaleTestCase {
        static final List<String> lines = new CopyOnWriteArrayList<>();

        @Test
        void run(@SpawnedProcess(main = RunTestClass.class, args = "dev.childproof.PrespawnTests$SameBytesTestCase",
                jvmArgs = "-Dchildproof.launch.prespawn=on", env = "LC_ALL=C") ChildProcess jvm) {
            assertThat(jvm.join(GENEROUS)).isPresent();
            lines.addAll(jvm.output().lines());
        }
    }

    /**
     * Run in a JVM of its own under {@code LC_ALL=C} by {@link CLocaleTestCase}, where the JDK encodes arguments and
     * the environment in ASCII ({@code ?} for what ASCII lacks): what the JDK's own launch of a non-ASCII argument and
     * value gives, then the same through the extension once the pool is warm, and a launch of ASCII only, which the
     * pool makes.
     */
    @Childproof
    static class SameBytesTestCase {
        static final String WORD = "h\u00e9llo";
        static final String SHOW = "printf '%s|%s' \"$0\" \"$V\" | od -An -tx1";

        @Test
        void run(ProcessSpawner spawner) throws Exception {
            ProcessBuilder jdk = new ProcessBuilder("sh", "-c", SHOW, WORD);
            jdk.environment().put("V", WORD);
            Process raw = jdk.start();
            System.out.println("jdk :" + new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .strip());
            raw.waitFor();
            bytesSeen(spawner, "hello"); // the first launch starts the pool
            await().atMost(GENEROUS).until(() -> HelperProcesses.idleLaunchers().size() >= LauncherPool.IDLE);
            System.out.println("after the pool is warm " + bytesSeen(spawner, WORD));
            System.out.println("ascii " + bytesSeen(spawner, "hello"));
        }

        private static String bytesSeen(ProcessSpawner spawner, String word) {
            ChildProcess child = spawner.command("sh", "-c", SHOW).args(word).env("V", word).spawn();
            assertThat(child.join(GENEROUS)).isPresent();
            return StopEventTests.descriptions(child).get(0) + ":" + String.join(" ", child.output().lines()).strip();
        }
    }

    static class ShellVariablesTestCase {
        static final List<String> lines = new CopyOnWriteArrayList<>();

        @Test
        void run(@SpawnedProcess(main = RunTestClass.class, args = "dev.childproof.PrespawnTests$EnvironmentTestCase",
                jvmArgs = "-Dchildproof.launch.prespawn=on", env = {"IFS=,", "OPTIND=5", "PPID=77", "n=mine"})
                ChildProcess jvm) {
            assertThat(jvm.join(GENEROUS)).isPresent();
            lines.addAll(jvm.output().lines());
        }
    }

    /**
     * Run in a JVM of its own by {@link ShellVariablesTestCase}: the environment {@code env} gets from a direct
     * launch (the first, which starts the pool), then from a pre-spawned launcher, each variable between bars.
     */
    @Childproof
    static class EnvironmentTestCase {
        @Test
        void run(ProcessSpawner spawner) {
            System.out.println("first " + environment(spawner));
            await().atMost(GENEROUS).until(() -> HelperProcesses.idleLaunchers().size() >= LauncherPool.IDLE);
            System.out.println("after the pool is warm " + environment(spawner));
        }

        private static String environment(ProcessSpawner spawner) {
            ChildProcess env = spawner.command("env").name("env").spawn();
            assertThat(env.join(GENEROUS)).isPresent();
            // the variables that name this launch's own cookie and files differ from launch to launch
            List<String> variables = env.output().lines().stream()
                    .filter(line -> !line.matches("CHILDPROOF_(COOKIE|STOP_FILE|READY_FILE)=.*")).sorted().toList();
            return StopEventTests.descriptions(env).get(0).replaceFirst("pid \\d+", "pid N") + ": |"
                    + String.join("|", variables) + "|";
        }
    }

    static class BadOptindTestCase {
        static final List<String> lines = new CopyOnWriteArrayList<>();

        @Test
        void run(@SpawnedProcess(main = RunTestClass.class, args = "dev.childproof.PrespawnTests$OptindTestCase",
                jvmArgs = "-Dchildproof.launch.prespawn=on", env = "OPTIND=abc") ChildProcess jvm) {
            assertThat(jvm.join(GENEROUS)).isPresent();
            lines.addAll(jvm.output().lines());
        }
    }

    /**
     * Run in a JVM of its own by {@link BadOptindTestCase}: why launchers are unavailable, and a launch, which is
     * direct and gets the JVM's {@code OPTIND}, which dash refuses (it exits with {@code Illegal number}).
     */
    @Childproof
    static class OptindTestCase {
        @Test
        void run(ProcessSpawner spawner) {
            System.out.println("unavailable " + LauncherPool.instance().unavailableReason().orElse("(none)"));
            ChildProcess child = spawner.command("printenv", "OPTIND").spawn();
            assertThat(child.join(GENEROUS)).isPresent();
            String launched = StopEventTests.descriptions(child).get(0).replaceFirst("pid \\d+", "pid N");
            System.out.println(launched + ", " + child.exitStatus().orElseThrow() + ", "
                    + String.join("|", child.output().lines()));
        }
    }

    /** Run in a JVM of its own by {@link KilledJvmTestCase}: launches once, reports the idle launchers, waits. */
    static class BlockingTestCase {
        @Test
        void run(@SpawnedProcess(command = {"/bin/true"}) ChildProcess child) throws InterruptedException {
            child.join();
            await().atMost(GENEROUS).until(() -> HelperProcesses.idleLaunchers().size() >= LauncherPool.IDLE);
            List<String> pids = new ArrayList<>();
            HelperProcesses.idleLaunchers().forEach(pid -> pids.add(Long.toString(pid)));
            System.out.println("idle launchers " + String.join(",", pids));
            System.out.println("run directory " + RunDirectory.instance().newFile("probe").getParent());
            new CountDownLatch(1).await(); // until the JVM is killed from outside
        }
    }
}
