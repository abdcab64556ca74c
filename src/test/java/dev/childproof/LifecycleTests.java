package dev.childproof;

import dev.childproof.fixtures.CheckInAnotherPackage;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.LaunchRecord;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("@SpawnedProcess in every lifecycle a user writes")
class LifecycleTests {

    /** Two tests run {@link OuterTestCase}, whose record of what its tests saw is static: one at a time. */
    private static final String OUTER_TEST_CASE = "LifecycleTests.OuterTestCase";

    @Test
    @ResourceLock(OUTER_TEST_CASE)
    void nestedTestsSeeTheOuterStaticProcessForTheClassAndAFreshOuterInstanceProcessPerTest() {
        OuterTestCase.seen.clear();
        ChildproofTestKit.executeTestClass(OuterTestCase.class).hasTests(3, 0);
        List<Seen> seen = List.copyOf(OuterTestCase.seen);
        assertThat(seen).extracting(Seen::test).containsExactlyInAnyOrder("outer", "innerOne", "innerTwo");
        assertThat(seen).allSatisfy(s -> assertThat(s.allAlive()).as(s.test()).isTrue());
        assertThat(seen).extracting(s -> s.pids().get(0)).as("outer static pid").containsOnly(
                seen.get(0).pids().get(0));
        assertThat(seen).extracting(s -> s.pids().get(1)).as("outer instance pid").doesNotHaveDuplicates();
        assertThat(seen.stream().filter(s -> s.pids().size() == 3).map(s -> s.pids().get(2)))
                .as("inner instance pid").hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aTestsProcessesEndBeforeJUnitDeletesTheTempDirTheyWriteInto() {
        TempDirTestCase.dirs.clear();
        ChildproofTestKit.executeTestClass(TempDirTestCase.class).hasTests(2, 0);
        assertThat(TempDirTestCase.dirs).hasSize(2).noneMatch(Files::exists);
    }

    @Test
    void perClassInstanceFieldsLiveForTheClassAndAreReadyInBeforeAll() {
        PerClassTestCase.pids.clear();
        ChildproofTestKit.executeTestClass(PerClassTestCase.class).hasTests(2, 0);
        assertThat(PerClassTestCase.pids).hasSize(3).containsOnly(PerClassTestCase.pids.peek());
        assertThat(PerClassTestCase.handle.isTerminated()).isTrue();
    }

    @Test
    void perClassNestedClassKeepsItsEnclosingInstanceProcessForAllItsTests() {
        PerMethodOuterTestCase.pids.clear();
        ChildproofTestKit.executeTestClass(PerMethodOuterTestCase.class).hasTests(2, 0);
        assertThat(PerMethodOuterTestCase.pids).hasSize(2).containsOnly(PerMethodOuterTestCase.pids.peek());
    }

    @Test
    void aPerClassOuterInstanceProcessIsSharedByAllNestedTests() {
        PerClassOuterTestCase.pids.clear();
        ChildproofTestKit.executeTestClass(PerClassOuterTestCase.class).hasTests(3, 0);
        assertThat(PerClassOuterTestCase.pids).hasSize(3).containsOnly(PerClassOuterTestCase.pids.peek());
    }

    @Test
    void anOuterInstanceMadeOnceForAPerClassMiddleClassKeepsOneProcessForAllTheTestsBelowIt() {
        ThreeLevelsTestCase.seen.clear();
        var results = ChildproofTestKit.executeTestClass(ThreeLevelsTestCase.class).hasTests(3, 0);
        List<Seen> seen = List.copyOf(ThreeLevelsTestCase.seen);
        assertThat(seen).extracting(Seen::test).containsExactlyInAnyOrder("Middle @BeforeAll", "middleTest",
                "innerOne", "innerTwo", "Middle @AfterAll");
        assertThat(seen).allSatisfy(s -> assertThat(s.allAlive()).as(s.test()).isTrue());
        assertThat(seen).extracting(s -> s.pids().get(0)).as("outer instance pid").containsOnly(
                seen.get(0).pids().get(0));
        assertThat(results.launched()).as("launched").hasSize(1);
    }

    @Test
    void testMethodsOfOneNameFromAnInterfaceOrAnotherPackageGetLogsOfTheirOwn(@TempDir Path out) throws IOException {
        Map<String, String> configuration = Map.of("childproof.output.dir", out.toString());
        ChildproofTestKit.executeTestClass(InterfaceCheckTestCase.class, configuration).hasTests(2, 0);
        ChildproofTestKit.executeTestClass(OtherPackageCheckTestCase.class, configuration).hasTests(2, 0);
        String fromInterface = InterfaceCheckTestCase.class.getName() + "/";
        String fromBase = OtherPackageCheckTestCase.class.getName() + "/";
        assertThat(logs(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                fromInterface + "check-ChildProcess/p.log", List.of("[out] from-class"),
                fromInterface + "check-TestInfo-ChildProcess/p.log", List.of("[out] from-interface"),
                fromBase + "OtherPackageCheckTestCase.check/p.log", List.of("[out] from-subclass"),
                fromBase + "CheckInAnotherPackage.check/p.log", List.of("[out] from-base")));
    }

    /** Each log file under a directory, by its path relative to it, with its lines. */
    private static Map<String, List<String>> logs(Path directory) throws IOException {
        Map<String, List<String>> logs = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                logs.put(directory.relativize(file).toString(), Files.readAllLines(file));
            }
        }
        return logs;
    }

    @Test
    @ResourceLock(OUTER_TEST_CASE)
    void processesAreEndedEvenWhenJUnitIsToldNotToCloseAutoCloseables() {
        // the test kit fails this test if any process launched by the run outlives it
        ChildproofTestKit.executeTestClass(OuterTestCase.class,
                Map.of("junit.jupiter.extensions.store.close.autocloseable.enabled", "false")).hasTests(3, 0);
    }

    @Test
    void aClassTemplateUnderPerClassHasOneInstanceSoItsConcurrentInvocationsShareOneReadyProcess() {
        TemplatedPerClassTestCase.seen.clear();
        ChildproofTestKit.executeTestClassInParallel(TemplatedPerClassTestCase.class, 4).hasTests(8, 0);
        assertThat(TemplatedPerClassTestCase.seen).hasSize(8);
        assertThat(TemplatedPerClassTestCase.seen.stream().distinct()).as("pids").hasSize(1);
        ChildproofTestKit.assertNothingOutlived(List.copyOf(TemplatedPerClassTestCase.launched));
    }

    @Test
    void fieldsInheritedFromASuperclassAreLaunchedToo() {
        ChildproofTestKit.executeTestClass(InheritingTestCase.class).hasTests(1, 0);
    }

    @Test
    void parameterizedTestsGetAFreshProcessPerInvocation() {
        ParameterizedTestCase.handles.clear();
        ChildproofTestKit.executeTestClass(ParameterizedTestCase.class).hasTests(3, 0);
        assertFreshPerInvocation(ParameterizedTestCase.handles, 6);
    }

    @Test
    void repeatedTestsGetAFreshProcessPerRepetition() {
        RepeatedTestCase.handles.clear();
        ChildproofTestKit.executeTestClass(RepeatedTestCase.class).hasTests(3, 0);
        assertFreshPerInvocation(RepeatedTestCase.handles, 3);
    }

    @Test
    void dynamicTestsOfOneFactoryShareTheFactorysProcessesWhichEndAfterTheLastOne() {
        FactoryTestCase.pids.clear();
        ChildproofTestKit.executeTestClass(FactoryTestCase.class).hasTests(3, 0);
        assertThat(FactoryTestCase.pids).hasSize(3).containsOnly(FactoryTestCase.pids.peek());
        assertThat(FactoryTestCase.factoryHandle.isTerminated()).isTrue();
    }

    @Test
    void lifecycleMethodParametersLiveForTheirLifecycleMethodsScope() {
        LifecycleParametersTestCase.events.clear();
        ChildproofTestKit.executeTestClass(LifecycleParametersTestCase.class).hasTests(2, 0);
        assertThat(LifecycleParametersTestCase.events).containsExactly(
                "beforeAll alive", "beforeEach alive", "test: class process alive, test process alive",
                "beforeEach alive", "test: class process alive, test process alive, previous test's ended",
                "afterAll: class process alive");
        assertThat(LifecycleParametersTestCase.classProcess.isTerminated()).isTrue();
    }

    @Test
    void aConstructorParameterIsRejectedBeforeAnythingIsLaunched() {
        var results = ChildproofTestKit.executeTestClass(ConstructorTestCase.class);
        results.hasSingleFailedTest().withMessage("@SpawnedProcess parameter [ChildProcess worker] of constructor"
                + " [ConstructorTestCase] is a constructor"
                + " parameter, whose lifetime differs between JUnit versions; declare an instance field instead.");
        assertThat(results.launched()).isEmpty();
    }

    private static void assertFreshPerInvocation(Queue<ChildProcess> handles, int expected) {
        assertThat(handles).hasSize(expected);
        assertThat(handles.stream().map(ChildProcess::pid).collect(Collectors.toList())).doesNotHaveDuplicates();
        assertThat(handles).allSatisfy(h -> assertThat(h.isTerminated()).as(h.name()).isTrue());
    }

    record Seen(String test, List<Long> pids, boolean allAlive) {
        static Seen of(String test, ChildProcess... processes) {
            return new Seen(test, Stream.of(processes).map(ChildProcess::pid).collect(Collectors.toList()),
                    Stream.of(processes).allMatch(ChildProcess::isAlive));
        }
    }

    /**
     * Each process keeps making files in the test's {@code @TempDir} until it is ended: JUnit can delete the
     * directory only once it is.
     */
    @Childproof
    static class TempDirTestCase {
        static final List<Path> dirs = new java.util.concurrent.CopyOnWriteArrayList<>();
        static final String WRITER = "i=0; while :; do i=$((i+1)); : > \"$0/f$i\" || exit 3; done";

        @Test
        void spawned(ProcessSpawner spawner, @TempDir Path dir) {
            dirs.add(dir);
            spawner.command("sh", "-c", WRITER, dir.toString()).name("writer").spawn();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("f3")));
        }

        @Test
        void declared(@SpawnedProcess(command = {"sh", "-c", "exec sleep 60"}) ChildProcess other, ProcessSpawner spawner,
                @TempDir Path dir) {
            dirs.add(dir);
            spawner.command("sh", "-c", WRITER, dir.toString()).name("writer").spawn();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("f3")));
        }
    }

    static class OuterTestCase {
        static final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess outerStatic;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess outerInstance;

        @Test
        void outer() {
            seen.add(Seen.of("outer", outerStatic, outerInstance));
        }

        @Nested
        class Inner {
            @SpawnedProcess(command = {"sleep", "60"})
            ChildProcess inner;

            @Test
            void innerOne() {
                seen.add(Seen.of("innerOne", outerStatic, outerInstance, inner));
            }

            @Test
            void innerTwo() {
                seen.add(Seen.of("innerTwo", outerStatic, outerInstance, inner));
            }
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassTestCase {
        static final Queue<Long> pids = new ConcurrentLinkedQueue<>();
        static ChildProcess handle;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess server;

        @BeforeAll
        void beforeAll() {
            assertThat(server.isAlive()).isTrue();
            pids.add(server.pid());
            handle = server;
        }

        @Test
        void one() {
            assertThat(server.isAlive()).isTrue();
            pids.add(server.pid());
        }

        @Test
        void two() {
            assertThat(server.isAlive()).isTrue();
            pids.add(server.pid());
        }
    }

    static class PerMethodOuterTestCase {
        static final Queue<Long> pids = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess outer;

        @Nested
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        class Inner {
            @Test
            void one() {
                assertThat(outer.isAlive()).isTrue();
                pids.add(outer.pid());
            }

            @Test
            void two() {
                assertThat(outer.isAlive()).isTrue();
                pids.add(outer.pid());
            }
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassOuterTestCase {
        static final Queue<Long> pids = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess outer;

        @Test
        void outerTest() {
            pids.add(outer.pid());
        }

        @Nested
        class Inner {
            @Test
            void one() {
                assertThat(outer.isAlive()).isTrue();
                pids.add(outer.pid());
            }

            @Test
            void two() {
                assertThat(outer.isAlive()).isTrue();
                pids.add(outer.pid());
            }
        }
    }

    @ParameterizedClass
    @ValueSource(strings = {"a", "b"})
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Execution(ExecutionMode.CONCURRENT)
    static class TemplatedPerClassTestCase {
        static final Queue<String> seen = new ConcurrentLinkedQueue<>();
        static final Queue<LaunchRecord> launched = new ConcurrentLinkedQueue<>();

        @Parameter
        String value;

        @SpawnedProcess(command = {"sh", "-c", "sleep 0.3; echo up; exec sleep 60"}, readyWhen = "up")
        ChildProcess server;

        @RepeatedTest(4)
        void sees() {
            // JUnit makes one instance for the template, shared by both invocations (TestInstance.Lifecycle)
            assertThat(server.output().lines()).as("ready before the test: %s", server.timeline()).contains("up");
            seen.add(Long.toString(server.pid()));
            launched.add(new LaunchRecord(ProcessIdentity.of(OperatingSystem.current(), server.pid()).orElseThrow(),
                    ((ManagedProcess) server).cookie(), server.name()));
        }
    }

    static class ThreeLevelsTestCase {
        static final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess outer;

        @Nested
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        class Middle {
            @BeforeAll
            void beforeAll() {
                seen.add(Seen.of("Middle @BeforeAll", outer));
            }

            @Test
            void middleTest() {
                seen.add(Seen.of("middleTest", outer));
            }

            @Nested
            class Inner {
                @Test
                void innerOne() {
                    seen.add(Seen.of("innerOne", outer));
                }

                @Test
                void innerTwo() {
                    seen.add(Seen.of("innerTwo", outer));
                }
            }

            @AfterAll
            void afterAll() {
                seen.add(Seen.of("Middle @AfterAll", outer));
            }
        }
    }

    interface CheckFromInterface {
        @Test
        default void check(TestInfo info, @SpawnedProcess(command = {"echo", "from-interface"}) ChildProcess p) {
            p.join();
        }
    }

    static class InterfaceCheckTestCase implements CheckFromInterface {
        @Test
        void check(@SpawnedProcess(command = {"echo", "from-class"}) ChildProcess p) {
            p.join();
        }
    }

    static class OtherPackageCheckTestCase extends CheckInAnotherPackage {
        @Test
        void check(@SpawnedProcess(command = {"echo", "from-subclass"}) ChildProcess p) {
            p.join();
        }
    }

    abstract static class BaseTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess inheritedStatic;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess inherited;
    }

    static class InheritingTestCase extends BaseTestCase {
        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess own;

        @Test
        void seesInheritedProcesses() {
            assertThat(inheritedStatic.isAlive()).isTrue();
            assertThat(inherited.isAlive()).isTrue();
            assertThat(own.isAlive()).isTrue();
            assertThat(inherited.name()).isEqualTo("inherited");
        }
    }

    static class ParameterizedTestCase {
        static final Queue<ChildProcess> handles = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess field;

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void eachInvocation(int n, @SpawnedProcess(command = {"sleep", "60"}) ChildProcess parameter) {
            assertThat(handles).allSatisfy(h -> assertThat(h.isTerminated()).isTrue());
            assertThat(field.isAlive()).isTrue();
            assertThat(parameter.isAlive()).isTrue();
            handles.add(field);
            handles.add(parameter);
        }
    }

    static class RepeatedTestCase {
        static final Queue<ChildProcess> handles = new ConcurrentLinkedQueue<>();

        @RepeatedTest(3)
        void eachRepetition(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess parameter) {
            assertThat(handles).allSatisfy(h -> assertThat(h.isTerminated()).isTrue());
            assertThat(parameter.isAlive()).isTrue();
            handles.add(parameter);
        }
    }

    static class FactoryTestCase {
        static final Queue<Long> pids = new ConcurrentLinkedQueue<>();
        static ChildProcess factoryHandle;

        @SpawnedProcess(command = {"sleep", "60"})
        ChildProcess shared;

        @TestFactory
        Stream<DynamicTest> dynamicTests() {
            factoryHandle = shared;
            return Stream.of("a", "b", "c").map(name -> DynamicTest.dynamicTest(name, () -> {
                assertThat(shared.isAlive()).isTrue();
                pids.add(shared.pid());
            }));
        }
    }

    static class LifecycleParametersTestCase {
        static final Queue<String> events = new ConcurrentLinkedQueue<>();
        static ChildProcess classProcess;
        static ChildProcess previousTestProcess;
        ChildProcess testProcess;

        @BeforeAll
        static void beforeAll(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess forTheClass) {
            events.add("beforeAll " + (forTheClass.isAlive() ? "alive" : "dead"));
            classProcess = forTheClass;
        }

        @BeforeEach
        void beforeEach(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess forTheTest) {
            events.add("beforeEach " + (forTheTest.isAlive() ? "alive" : "dead"));
            testProcess = forTheTest;
        }

        @Test
        void one() {
            record();
        }

        @Test
        void two() {
            record();
        }

        private void record() {
            String event = "test: class process " + (classProcess.isAlive() ? "alive" : "dead") + ", test process "
                    + (testProcess.isAlive() ? "alive" : "dead");
            if (previousTestProcess != null) {
                event += previousTestProcess.isTerminated() ? ", previous test's ended" : ", previous test's alive";
            }
            events.add(event);
            previousTestProcess = testProcess;
        }

        @AfterAll
        static void afterAll() {
            events.add("afterAll: class process " + (classProcess.isAlive() ? "alive" : "dead"));
        }
    }

    static class ConstructorTestCase {
        ConstructorTestCase(@SpawnedProcess(command = {"sleep", "60"}) ChildProcess worker) {
        }

        @Test
        void neverRuns() {
        }
    }
}
