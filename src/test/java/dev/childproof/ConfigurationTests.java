package dev.childproof;

import dev.childproof.fixtures.PrintsJitLevel;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.config.SettingsReader;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.Containment;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Configuration parameters under childproof.")
class ConfigurationTests {

    @Test
    void everyKeyHasADefault() {
        Settings settings = SettingsReader.read(key -> Optional.empty(), Set.of());
        assertThat(settings).isEqualTo(new Settings(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(30), false, Paths.get("target", "childproof"), 1024 * 1024,
                Settings.LeakPolicy.FAIL, true, false, true, false));
        assertThat(SettingsReader.KEYS).containsExactlyInAnyOrder("childproof.stop.timeout",
                "childproof.kill.timeout", "childproof.ready.timeout", "childproof.output.echo",
                "childproof.output.dir", "childproof.output.buffer", "childproof.leaks.policy",
                "childproof.cleanup.cgroup", "childproof.launch.prespawn", "childproof.java.quickstart",
                "childproof.ready.port.listener");
    }

    @Test
    void everyKeyIsRead() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("childproof.stop.timeout", "300ms"),
                Map.entry("childproof.kill.timeout", "PT1.5S"),
                Map.entry("childproof.ready.timeout", "1m"),
                Map.entry("childproof.output.echo", "TRUE"),
                Map.entry("childproof.output.dir", "build/logs"),
                Map.entry("childproof.output.buffer", "64"),
                Map.entry("childproof.leaks.policy", "Warn"),
                Map.entry("childproof.cleanup.cgroup", "OFF"),
                Map.entry("childproof.launch.prespawn", "On"),
                Map.entry("childproof.java.quickstart", "OFF"),
                Map.entry("childproof.ready.port.listener", "Any"));
        Settings settings = SettingsReader.read(key -> Optional.ofNullable(values.get(key)), values.keySet());
        assertThat(settings).isEqualTo(new Settings(Duration.ofMillis(300), Duration.ofMillis(1500),
                Duration.ofMinutes(1), true, Paths.get("build", "logs"), 64 * 1024, Settings.LeakPolicy.WARN,
                false, true, false, true));
    }

    @Test
    void anOutputDirThatIsNotAPathIsOneSentenceNamingTheKey() {
        assertThatThrownBy(() -> SettingsReader.read(k -> k.equals("childproof.output.dir") ? Optional.of("lo\0gs")
                : Optional.empty(), Set.of("childproof.output.dir"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration parameter [childproof.output.dir] has value [lo\\0gs], which is not a path"
                        + " (Nul character not allowed); name a directory.");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "childproof.stop.timeout|fast|Configuration parameter [childproof.stop.timeout] has value [fast], which is"
                + " not a duration; write it like 500ms, 2s, 1m or PT2S.",
        "childproof.kill.timeout|-PT1S|Configuration parameter [childproof.kill.timeout] has value [-PT1S], which"
                + " is not a duration; write it like 500ms, 2s, 1m or PT2S.",
        "childproof.ready.timeout|30|Configuration parameter [childproof.ready.timeout] has value [30], which is not"
                + " a duration; write it like 500ms, 2s, 1m or PT2S.",
        "childproof.output.echo|yes|Configuration parameter [childproof.output.echo] has value [yes], which is not a"
                + " boolean; write true or false.",
        "childproof.output.buffer|0|Configuration parameter [childproof.output.buffer] has value [0], which is not a"
                + " size in KiB; write a whole number from 1 to 1048576.",
        "childproof.output.buffer|1MB|Configuration parameter [childproof.output.buffer] has value [1MB], which is"
                + " not a size in KiB; write a whole number from 1 to 1048576.",
        "childproof.leaks.policy|maybe|Configuration parameter [childproof.leaks.policy] has value [maybe], which is"
                + " not a leak policy; write fail, warn or off.",
        "childproof.cleanup.cgroup|on|Configuration parameter [childproof.cleanup.cgroup] has value [on], which is"
                + " not a cgroup mode; write auto or off.",
        "childproof.launch.prespawn|auto|Configuration parameter [childproof.launch.prespawn] has value [auto], which"
                + " is not a launch mode; write on or off.",
        "childproof.java.quickstart|true|Configuration parameter [childproof.java.quickstart] has value [true],"
                + " which is not a quick-start mode; write on or off.",
        "childproof.ready.port.listener|mine|Configuration parameter [childproof.ready.port.listener] has value"
                + " [mine], which is not a port listener rule; write any or own.",
        "childproof.stop.timout|5s|Unknown configuration parameter [childproof.stop.timout]; the keys under"
                + " childproof. are childproof.cleanup.cgroup, childproof.java.quickstart, childproof.kill.timeout,"
                + " childproof.launch.prespawn,"
                + " childproof.leaks.policy, childproof.output.buffer, childproof.output.dir, childproof.output.echo,"
                + " childproof.ready.port.listener, childproof.ready.timeout, childproof.stop.timeout."
    })
    void aMalformedValueOrUnknownKeyIsOneSentenceNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> SettingsReader.read(k -> k.equals(key) ? Optional.of(value) : Optional.empty(),
                Set.of(key))).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Nested
    @DisplayName("through JUnit's configuration parameters")
    class ThroughJUnit {

        @Test
        void theValuesReachEveryDeclaredProcess(@TempDir Path logs) {
            ChildproofTestKit.executeTestClass(ConfiguredTestCase.class, Map.of(
                    "childproof.stop.timeout", "300ms",
                    "childproof.kill.timeout", "1500ms",
                    "childproof.ready.timeout", "45s",
                    "childproof.output.echo", "true",
                    "childproof.output.dir", logs.toString(),
                    "childproof.output.buffer", "8",
                    "childproof.leaks.policy", "off")).hasTests(1, 0);
            assertThat(logs.resolve(ConfiguredTestCase.class.getName()).resolve("run").resolve("worker.log"))
                    .hasContent("[out] working");
        }

        @Test
        void anAnnotationAttributeWinsOverTheConfiguredDefault() {
            ChildproofTestKit.executeTestClass(OverridingTestCase.class, Map.of("childproof.stop.timeout", "300ms"))
                    .hasTests(1, 0);
        }

        @Test
        void anUnknownKeyFailsTheTestClassBeforeAnythingIsLaunched() {
            var results = ChildproofTestKit.executeTestClass(ConfiguredTestCase.class,
                    Map.of("childproof.output.directory", "logs"));
            results.hasSingleFailedContainer().withMessage("Unknown configuration parameter"
                    + " [childproof.output.directory]; the keys under childproof. are childproof.cleanup.cgroup,"
                    + " childproof.java.quickstart, childproof.kill.timeout, childproof.launch.prespawn,"
                    + " childproof.leaks.policy, childproof.output.buffer, childproof.output.dir,"
                    + " childproof.output.echo, childproof.ready.port.listener, childproof.ready.timeout,"
                    + " childproof.stop.timeout.");
            assertThat(results.launched()).isEmpty();
        }

        @Test
        void aMalformedValueFailsTheTestClassBeforeAnythingIsLaunched() {
            var results = ChildproofTestKit.executeTestClass(ConfiguredTestCase.class,
                    Map.of("childproof.kill.timeout", "2 seconds"));
            results.hasSingleFailedContainer().withMessage("Configuration parameter [childproof.kill.timeout] has value"
                    + " [2 seconds], which is not a duration; write it like 500ms, 2s, 1m or PT2S.");
            assertThat(results.launched()).isEmpty();
        }

        @Test
        void anOutputDirUnderAFileFailsTheTestClassBeforeAnythingIsLaunched(@TempDir Path tmp) throws IOException {
            Path file = Files.createFile(tmp.resolve("file"));
            String value = file.resolve("logs").toString();
            var results = ChildproofTestKit.executeTestClass(ConfiguredTestCase.class,
                    Map.of("childproof.output.dir", value));
            results.hasSingleFailedContainer().withMessage("Configuration parameter [childproof.output.dir] has value"
                    + " [" + value + "], but [" + file + "] is not a directory; name a directory, or a path where one"
                    + " can be made.");
            assertThat(results.launched()).isEmpty();
        }

        @Test
        void theCgroupLayerOffLaunchesTheCommandItselfOutsideAnyChildproofCgroup() {
            CgroupTestCase.cgroups.remove(false);
            ChildproofTestKit.executeTestClass(CgroupTestCase.class, Map.of("childproof.cleanup.cgroup", "off"))
                    .hasTests(1, 0);
            assertThat(CgroupTestCase.cgroups.get(false)).doesNotContain("/" + Containment.PREFIX);
        }

        @Test
        void theCgroupLayerAutoPutsTheProcessInACgroupOfItsOwnWhereTheSystemAllows() {
            assumeTrue(Containment.instance().isOn(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
            CgroupTestCase.cgroups.remove(true);
            ChildproofTestKit.executeTestClass(CgroupTestCase.class, Map.of("childproof.cleanup.cgroup", "auto"))
                    .hasTests(1, 0);
            assertThat(CgroupTestCase.cgroups.get(true)).contains("/" + Containment.PREFIX);
        }

        @Test
        void aJavaChildStartsQuicklyWithOnlyC1AndItsOwnOptionOrTheKeyOffWins() {
            assumeTrue(System.getProperty("java.vm.name", "").contains("Server VM"), "not a HotSpot server VM");
            JitLevelTestCase.seen.clear();
            ChildproofTestKit.executeTestClass(JitLevelTestCase.class).hasTests(1, 0);
            ChildproofTestKit.executeTestClass(JitLevelTestCase.class, Map.of("childproof.java.quickstart", "off"))
                    .hasTests(1, 0);

            assertThat(JitLevelTestCase.seen).containsExactly(
                    "by default: TieredStopAtLevel=1, options=[-XX:TieredStopAtLevel=1]",
                    "its own option: TieredStopAtLevel=4,"
                            + " options=[-XX:TieredStopAtLevel=1, -XX:TieredStopAtLevel=4]",
                    "by default: TieredStopAtLevel=4, options=[]",
                    "its own option: TieredStopAtLevel=4, options=[-XX:TieredStopAtLevel=4]");
        }

        @Test
        void keysOutsideChildproofAreNotOurs() {
            ChildproofTestKit.executeTestClass(ConfiguredTestCase.class, Map.of("childproofing.anything", "x",
                    "other.childproof.key", "y")).hasTests(1, 0);
        }
    }

    static class ConfiguredTestCase {
        // a line, so that its log shows where the configured directory is (a process that writes nothing has none)
        @SpawnedProcess(command = {"sh", "-c", "echo working; exec sleep 60"}, stopMethod = StopMethod.EVENT)
        ChildProcess worker;

        @Test
        void run() {
            ProcessDeclaration declaration = ((ManagedProcess) worker).declaration();
            if (declaration.stopTimeout().equals(Duration.ofMillis(300))) {
                assertThat(declaration.killTimeout()).isEqualTo(Duration.ofMillis(1500));
                assertThat(declaration.readiness().timeout()).isEqualTo(Duration.ofSeconds(45));
                assertThat(declaration.echo()).isTrue();
                assertThat(declaration.outputBufferBytes()).isEqualTo(8 * 1024);
                long started = System.nanoTime();
                assertThat(worker.stop()).hasToString("killed by SIGTERM (exit code 143)");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300),
                        Duration.ofSeconds(4));
                assertThat(worker.endedBy()).contains(StopRung.SIGTERM);
            } else {
                assertThat(declaration.stopTimeout()).isEqualTo(Settings.DEFAULTS.stopTimeout());
            }
        }
    }

    static class CgroupTestCase {
        /** By the cgroup layer the run had: the tests that run this class run at the same time. */
        static final Map<Boolean, String> cgroups = new ConcurrentHashMap<>();

        @Test
        void run(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess sleeper) throws IOException {
            Path proc = Paths.get("/proc", Long.toString(sleeper.pid()));
            // with the layer on, the process is sh until it has joined its cgroup and executed sleep
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(proc.resolve("comm")).trim(),
                    "sleep"::equals);
            boolean layer = ((ManagedProcess) sleeper).declaration().cgroupLayer();
            if (layer) {
                // moved in by the mover thread, right after the launch
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(proc.resolve("cgroup"))
                        .contains("/" + Containment.PREFIX));
            }
            cgroups.put(layer, Files.readString(proc.resolve("cgroup")));
        }
    }

    static class JitLevelTestCase {
        static final List<String> seen = new CopyOnWriteArrayList<>();

        @SpawnedProcess(main = PrintsJitLevel.class)
        ChildProcess byDefault;

        @SpawnedProcess(main = PrintsJitLevel.class, jvmArgs = "-XX:TieredStopAtLevel=4")
        ChildProcess withItsOwn;

        @Test
        void run() {
            for (ChildProcess child : List.of(byDefault, withItsOwn)) {
                child.join();
                seen.add((child == byDefault ? "by default: " : "its own option: ")
                        + String.join(", ", child.output().stdoutLines()));
            }
        }
    }

    static class OverridingTestCase {
        @SpawnedProcess(command = {"sleep", "60"}, stopTimeout = "2s")
        ChildProcess worker;

        @Test
        void run() {
            assertThat(((ManagedProcess) worker).declaration().stopTimeout()).isEqualTo(Duration.ofSeconds(2));
        }
    }
}
