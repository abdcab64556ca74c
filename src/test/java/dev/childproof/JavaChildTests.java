package dev.childproof;

import dev.childproof.fixtures.ExitWith;
import dev.childproof.fixtures.InstanceMain;
import dev.childproof.fixtures.PrintsNonAscii;
import dev.childproof.fixtures.UsesDependency;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Java main children: the test JVM's class path, the java launcher's rules")
class JavaChildTests {

    @Test
    void aChildInAnotherWorkingDirectoryGetsTheClassPathEvenWhenTheTestJvmNamesItRelatively() {
        try (TestJvm jvm = TestJvm.runningWithRelativeClassPath(RelativeClassPathTestCase.class)) {
            jvm.awaitLine("^tests succeeded 1, failed 0$", Duration.ofSeconds(60));
        }
    }

    @Test
    void anInstanceMainRunsWhereTheJavaLauncherRunsIt() {
        assumeTrue(Runtime.version().feature() >= 25, "instance main methods run from Java 25 (JEP 512)");
        ChildproofTestKit.executeTestClass(InstanceMainTestCase.class).hasTests(1, 0);
    }

    @Test
    void aJavaChildWritesUtf8WhateverTheLocale() {
        ChildproofTestKit.executeTestClass(AsciiLocaleTestCase.class).hasTests(1, 0);
    }

    @Test
    void aClassPathInJvmArgsAddsEntriesInsteadOfDroppingTheTestJvmsOwn() {
        ChildproofTestKit.executeTestClass(ExtraClassPathTestCase.class).hasTests(1, 0);
    }

    static class ExtraClassPathTestCase {
        @Test
        void run(@SpawnedProcess(main = ExitWith.class, args = "3", jvmArgs = {"-cp", "/nonexistent/extra.jar"})
                ChildProcess child) {
            assertThat(child.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code())
                    .as(String.join("\n", child.output().lines())).isEqualTo(3));
        }
    }

    /** {@code LC_ALL=C}, as in many containers: a JVM's own choice would be ASCII, each other character a {@code ?}. */
    static class AsciiLocaleTestCase {
        @Test
        void run(@SpawnedProcess(main = PrintsNonAscii.class, env = {"LC_ALL=C", "LANG=C"}) ChildProcess child) {
            assertThat(child.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
            assertThat(child.output().lines()).containsExactly("héllo wörld ✓", "stdout UTF-8");
        }
    }

    static class RelativeClassPathTestCase {
        @Test
        void run(@SpawnedProcess(main = UsesDependency.class, workingDir = "/tmp") ChildProcess child) {
            assertThat(child.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code())
                    .as(String.join("\n", child.output().lines())).isZero());
            assertThat(child.output().lines()).containsExactly("loaded org.opentest4j.AssertionFailedError");
        }
    }

    static class InstanceMainTestCase {
        @Test
        void run(@SpawnedProcess(main = InstanceMain.class) ChildProcess child) {
            assertThat(child.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
            assertThat(child.output().lines()).containsExactly("instance main ran");
        }
    }
}
