package dev.childproof;

import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@Isolated("@DetectProcessLeaks counts every child of the test JVM")
@DisplayName("@DetectProcessLeaks(OFF) inside a checked class: the class is not blamed for what the test may leave")
class LeakDetectionOffScopeTests {

    private static final List<Process> started = new CopyOnWriteArrayList<>();

    @Test
    void aMethodOffInAClassFailLeavesTheClassPassing() {
        started.clear();
        try {
            var results = ChildproofTestKit.executeTestClass(MethodOffTestCase.class);
            results.hasTests(1, 0);
            assertThat(results.raw().containerEvents().failed().count()).as("failed containers").isZero();
            assertThat(started.get(0).isAlive()).as("left alone under OFF").isTrue();
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aNestedClassOffLeavesTheOuterClassPassing() {
        started.clear();
        try {
            var results = ChildproofTestKit.executeTestClass(NestedOffTestCase.class);
            results.hasTests(2, 0);
            assertThat(results.raw().containerEvents().failed().count()).as("failed containers").isZero();
            assertThat(started.get(0).isAlive()).as("left alone under OFF").isTrue();
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aLeakOfAnotherTestOfTheClassIsStillReported() {
        started.clear();
        try {
            var results = ChildproofTestKit.executeTestClass(MixedTestCase.class);
            results.hasSingleFailedTest().withMessage("@DetectProcessLeaks [MixedTestCase.leaks()] found 1 process"
                    + " the test started and left running, ended now: pid " + started.get(1).pid()
                    + " (sleep 313); end it in the test, or declare it with @SpawnedProcess.");
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    static void start(String... command) throws IOException {
        started.add(new ProcessBuilder(command).start());
    }

    @DetectProcessLeaks(DetectProcessLeaks.Policy.FAIL)
    static class MethodOffTestCase {
        @Test
        @DetectProcessLeaks(DetectProcessLeaks.Policy.OFF)
        void optsOut() throws IOException {
            start("sleep", "311");
        }
    }

    @DetectProcessLeaks(DetectProcessLeaks.Policy.FAIL)
    static class NestedOffTestCase {
        @Test
        void outer() {
        }

        @Nested
        @DetectProcessLeaks(DetectProcessLeaks.Policy.OFF)
        class Inner {
            @Test
            void optsOut() throws IOException {
                start("sleep", "312");
            }
        }
    }

    @DetectProcessLeaks(DetectProcessLeaks.Policy.FAIL)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class MixedTestCase {
        @Test
        @DetectProcessLeaks(DetectProcessLeaks.Policy.OFF)
        void a_optsOut() throws IOException {
            start("sleep", "314");
        }

        @Test
        void leaks() throws IOException {
            start("sleep", "313");
        }
    }
}
