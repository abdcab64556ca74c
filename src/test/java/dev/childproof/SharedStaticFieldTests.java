package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A static field holds one value: two test classes that inherit a static process or spawner field from one
 * superclass cannot both hold it at once. Each fixture pair waits for the other class (its test, or its end) before
 * its own test finishes, so the two classes are open at the same time whichever starts first. The same holds for
 * a nested class's own static field in two invocations of a class template around it, running at the same time. A
 * nested class that extends its enclosing class keeps that class's.
 */
@DisplayName("A static field of a shared superclass: one class at a time")
class SharedStaticFieldTests {

    private static final String SENTENCE_END = "], running at the same time, holds it; declare the field in each test"
            + " class, or keep those classes from running at the same time (for example with @ResourceLock or"
            + " @Isolated).";

    @Test
    void aClassStartingWhileAnotherHoldsTheirSuperclassStaticProcessFieldFailsBeforeLaunching(@TempDir Path out)
            throws IOException {
        Meeting.forget(ProcessA.class, ProcessB.class);
        ProcessBase.seen.clear();
        EngineExecutionResults results = runConcurrently(out, ProcessA.class, ProcessB.class);

        Class<?> winner = onlyFailedClassWasTheOtherOne(results, "@SpawnedProcess field [ChildProcess"
                + " ProcessBase.server] is static, so it holds one process at a time, and test class [%s"
                + SENTENCE_END, ProcessA.class, ProcessB.class);
        assertThat(logs(out)).as("launched").containsExactly(winner.getName() + "/server.log");
        assertAllEnded(ProcessBase.seen.values());
    }

    @Test
    void aClassStartingWhileAnotherHoldsTheirSuperclassStaticSpawnerFieldFails(@TempDir Path out) {
        Meeting.forget(SpawnerA.class, SpawnerB.class);
        EngineExecutionResults results = runConcurrently(out, SpawnerA.class, SpawnerB.class);

        onlyFailedClassWasTheOtherOne(results, "field [ProcessSpawner SpawnerBase.spawner] is static, so it holds one"
                + " spawner at a time, and test class [%s" + SENTENCE_END, SpawnerA.class, SpawnerB.class);
    }

    @Test
    void classesRunningOneAfterTheOtherEachGetTheirOwnProcessInTheSharedField() {
        SequentialBase.seen.clear();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .selectors(selectClass(SequentialA.class), selectClass(SequentialB.class)).execute();

        assertTestsPassed(results, 2);
        List<ChildProcess> seen = List.copyOf(SequentialBase.seen);
        assertThat(seen).hasSize(2).doesNotHaveDuplicates();
        assertAllEnded(seen);
    }

    @Test
    void aNestedClassExtendingItsEnclosingClassKeepsTheStaticProcessAndSpawnerItInheritsFromIt() {
        EnclosingBase.seen.clear();
        var results = ChildproofTestKit.executeTestClass(EnclosingTestCase.class).hasTests(2, 0);

        assertThat(results.launched()).as("launched").hasSize(1);
        List<Object> seen = List.copyOf(EnclosingBase.seen);
        assertThat(seen).as("process and spawner seen by each class's test").hasSize(4).doesNotContainNull();
        assertThat(seen.subList(2, 4)).as("seen by the nested class's test").containsExactlyElementsOf(seen
                .subList(0, 2));
    }

    @Test
    void aNestedClassWithAStaticProcessInTwoInvocationsOfAClassTemplateAtTheSameTimeFailsInTheSecondBeforeLaunching(
            @TempDir Path out) throws IOException {
        TemplateTestCase.seen.clear();
        TemplateTestCase.arrived.set(0);
        EngineExecutionResults results = runConcurrently(out, TemplateTestCase.class);

        assertTestsPassed(results, 1);
        List<Event> failed = results.containerEvents().failed().list();
        assertThat(failed).as("failed containers").hasSize(1);
        assertThat(failed.get(0).getTestDescriptor().getDisplayName()).isEqualTo("Inner");
        assertThat(failed.get(0).getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .orElseThrow()).isInstanceOf(ExtensionConfigurationException.class).hasMessage("@SpawnedProcess"
                + " field [ChildProcess Inner.server] is static, so it holds one process at a time, and another run"
                + " of test class [Inner] (an invocation of a class template around it), running at the same time,"
                + " holds it; make it an instance field of a @TestInstance(PER_CLASS) class, or run those"
                + " invocations one at a time (@Execution(SAME_THREAD) on the class template).");
        assertThat(logs(out)).as("launched").hasSize(1);
        assertAllEnded(TemplateTestCase.seen);
    }

    private static EngineExecutionResults runConcurrently(Path out, Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("childproof.output.dir", out.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size", "4")
                .selectors(Stream.of(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new)).execute();
    }

    /** Asserts one class failed with the message naming the other, whose test passed; returns the other. */
    private static Class<?> onlyFailedClassWasTheOtherOne(EngineExecutionResults results, String message,
            Class<?> one, Class<?> two) {
        assertTestsPassed(results, 1);
        List<Event> failed = results.containerEvents().failed().list();
        assertThat(failed).as("failed containers").hasSize(1);
        Class<?> loser = failed.get(0).getTestDescriptor().getSource().map(ClassSource.class::cast)
                .map(ClassSource::getJavaClass).orElseThrow();
        assertThat(loser).isIn(one, two);
        Class<?> winner = loser == one ? two : one;
        Throwable failure = failed.get(0).getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message.formatted(winner.getSimpleName()));
        return winner;
    }

    private static List<String> logs(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).map(p -> directory.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static void assertAllEnded(Collection<ChildProcess> handles) {
        await("processes of the run to be ended").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(handles).allSatisfy(h -> assertThat(h.isTerminated()).isTrue()));
    }

    private static void assertTestsPassed(EngineExecutionResults results, long count) {
        assertThat(results.testEvents().failed().list()).as("failed tests").isEmpty();
        assertThat(results.testEvents().succeeded().count()).as("succeeded tests").isEqualTo(count);
    }

    /** Where the classes of a pair meet: a class arrives when its test starts or when it ends. */
    static final class Meeting implements AfterAllCallback {
        static final Set<Class<?>> arrived = ConcurrentHashMap.newKeySet();

        static void forget(Class<?>... classes) {
            arrived.removeAll(List.of(classes));
        }

        /** Arrives, and waits for the other class to arrive: to start its test too, or to end. */
        static void waitFor(Class<?> me, Class<?> other) {
            arrived.add(me);
            await("the other class").atMost(Duration.ofSeconds(60)).until(() -> arrived.contains(other));
        }

        @Override
        public void afterAll(ExtensionContext context) {
            arrived.add(context.getRequiredTestClass());
        }
    }

    @ExtendWith(Meeting.class)
    abstract static class ProcessBase {
        static final Map<Class<?>, ChildProcess> seen = new ConcurrentHashMap<>();

        // a line, so that each launch leaves a log (a process that writes nothing has none)
        @SpawnedProcess(command = {"sh", "-c", "echo up; exec sleep 60"})
        static ChildProcess server;

        @BeforeAll
        static void remember(TestInfo info) {
            seen.put(info.getTestClass().orElseThrow(), server);
        }

        void meet(Class<?> other) {
            Meeting.waitFor(getClass(), other);
            assertThat(server).as("the field holds this class's process").isSameAs(seen.get(getClass()));
            assertThat(server.isAlive()).isTrue();
        }
    }

    static class ProcessA extends ProcessBase {
        @Test
        void test() {
            meet(ProcessB.class);
        }
    }

    static class ProcessB extends ProcessBase {
        @Test
        void test() {
            meet(ProcessA.class);
        }
    }

    @Childproof
    @ExtendWith(Meeting.class)
    abstract static class SpawnerBase {
        static final Map<Class<?>, ProcessSpawner> seen = new ConcurrentHashMap<>();

        static ProcessSpawner spawner;

        @BeforeAll
        static void remember(TestInfo info) {
            seen.put(info.getTestClass().orElseThrow(), spawner);
        }

        void meet(Class<?> other) {
            Meeting.waitFor(getClass(), other);
            assertThat(spawner).as("the field holds this class's spawner").isSameAs(seen.get(getClass()));
        }
    }

    static class SpawnerA extends SpawnerBase {
        @Test
        void test() {
            meet(SpawnerB.class);
        }
    }

    static class SpawnerB extends SpawnerBase {
        @Test
        void test() {
            meet(SpawnerA.class);
        }
    }

    abstract static class SequentialBase {
        static final Queue<ChildProcess> seen = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess server;

        @Test
        void test() {
            assertThat(server.isAlive()).isTrue();
            assertThat(seen).allSatisfy(previous -> assertThat(previous.isTerminated()).isTrue());
            seen.add(server);
        }
    }

    static class SequentialA extends SequentialBase {
    }

    static class SequentialB extends SequentialBase {
    }

    abstract static class EnclosingBase {
        static final Queue<Object> seen = new ConcurrentLinkedQueue<>();

        @SpawnedProcess(command = {"sleep", "60"})
        static ChildProcess server;

        static ProcessSpawner spawner;

        @Test
        void test() {
            assertThat(server.isAlive()).isTrue();
            seen.add(server);
            seen.add(spawner);
        }
    }

    /** Its test, and its nested class's inherited one, see the process launched for it. */
    static class EnclosingTestCase extends EnclosingBase {
        @Nested
        class Inner extends EnclosingBase {
        }
    }

    /**
     * Its two invocations run at the same time, each with its nested class, whose static field holds one process:
     * each nested class's test waits until the other invocation's nested class arrives (its test started, or it
     * ended), so both are open at once whichever starts first.
     */
    @ParameterizedClass
    @ValueSource(strings = {"one", "two"})
    @Execution(ExecutionMode.CONCURRENT)
    static class TemplateTestCase {
        static final Queue<ChildProcess> seen = new ConcurrentLinkedQueue<>();
        static final AtomicInteger arrived = new AtomicInteger();

        @Parameter
        String invocation;

        @Nested
        @ExtendWith(Arrival.class)
        class Inner {
            // a line, so that its launch leaves a log (a process that writes nothing has none)
            @SpawnedProcess(command = {"sh", "-c", "echo up; exec sleep 60"})
            static ChildProcess server;

            @Test
            void test() {
                ChildProcess mine = server;
                seen.add(mine);
                arrived.incrementAndGet();
                await("the other invocation").atMost(Duration.ofSeconds(60)).until(() -> arrived.get() >= 2);
                assertThat(server).as("the field holds this invocation's process").isSameAs(mine);
                assertThat(mine.isAlive()).isTrue();
            }
        }
    }

    /** A nested class of {@link TemplateTestCase} arrives when it ends too. */
    static final class Arrival implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            TemplateTestCase.arrived.incrementAndGet();
        }
    }
}
