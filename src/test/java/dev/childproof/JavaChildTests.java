package dev.childproof;

import dev.childproof.fixtures.ExitWith;
import dev.childproof.fixtures.InstanceMain;
import dev.childproof.fixtures.PrintsNonAscii;
import dev.childproof.fixtures.UsesDependency;
import dev.childproof.fixtures.modular.ModuleProbe;
import dev.childproof.testkit.ChildproofTestKit;
import dev.childproof.testkit.TestJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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

    /**
     * A modular project's test run, as Maven Surefire makes it ({@code useModulePath}): the module on the module path,
     * the test classes patched into it (here by a path relative to the test JVM's working directory), reading the
     * class path; the child runs in another working directory.
     */
    @Test
    void aChildOfAModularTestRunRunsInTheModuleTheTestClassesArePatchedInto(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("module-info.java"),
                "module probe { }");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.resolve("mods/probe")
                .toString(), source.toString())).as("javac's exit code").isZero();
        String pkg = ModuleProbe.class.getPackageName().replace('.', '/');
        Path patch = Files.createDirectories(dir.resolve("patch").resolve(pkg));
        Path compiled = Paths.get(ModuleProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
                pkg, "ModuleProbe.class");
        Files.copy(compiled, patch.resolve("ModuleProbe.class"));
        String relativePatch = Paths.get("").toAbsolutePath().relativize(dir.resolve("patch")).toString();
        try (TestJvm jvm = TestJvm.running(ModularTestCase.class, "--module-path", dir.resolve("mods").toString(),
                "--add-modules", "probe", "--patch-module", "probe=" + relativePatch,
                "--add-reads", "probe=ALL-UNNAMED", "--add-exports", "probe/" + ModuleProbe.class.getPackageName()
                        + "=ALL-UNNAMED")) {
            jvm.awaitLine("^tests succeeded \\d+, failed \\d+$", Duration.ofSeconds(60));
            assertThat(jvm.lines()).as(String.join("\n", jvm.lines())).contains("tests succeeded 1, failed 0");
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

    static class ModularTestCase {
        @Test
        void run(@SpawnedProcess(main = ModuleProbe.class, workingDir = "/") ChildProcess child) {
            assertThat(child.join(Duration.ofSeconds(60))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
            child.output().lines().forEach(line -> System.out.println("child: " + line));
            assertThat(child.output().lines()).containsExactly("module probe", "stop event set: false");
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
