package dev.childproof;

import dev.childproof.fixtures.InstanceMain;
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
