package dev.childproof.internal.launch;

import dev.childproof.fixtures.ExitWith;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Argument files: a Java child's class path longer than one argument may be")
class ArgumentFilesTests {

    /**
     * The class path a child of the test JVM gets (under the Console Launcher, more than {@code java.class.path}),
     * then entries that do not exist, past the 128 KiB one argument may have on Linux.
     */
    private static String longClassPath() {
        StringBuilder classPath = new StringBuilder(ChildClassPath.of(ExitWith.class));
        for (int i = 0; classPath.length() <= 200_000; i++) {
            classPath.append(File.pathSeparator).append("/nonexistent/childproof \"quoted\"/entry-").append(i);
        }
        return classPath.toString();
    }

    @Test
    void aChildWhoseClassPathIsTooLongForOneArgumentRunsThroughAnArgumentFile() throws Exception {
        List<String> options = List.of("-cp", longClassPath());
        assertThatThrownBy(() -> run(options)).as("the kernel's limit, without the file")
                .hasMessageContaining("Argument list too long");

        List<String> shortened = ArgumentFiles.shortened(options);
        assertThat(shortened).hasSize(1).allMatch(option -> option.startsWith("@"));
        assertThat(Files.readString(Path.of(shortened.get(0).substring(1)))).isEqualTo(ArgumentFiles.content(options));
        assertThat(ArgumentFiles.shortened(options)).as("written once").isEqualTo(shortened);
        assertThat(run(shortened)).isEqualTo("exiting with 7\n");
    }

    @Test
    void shortOptionsStayOnTheCommandLine() {
        List<String> options = List.of("-cp", "/a:/b");
        assertThat(ArgumentFiles.shortened(options)).isSameAs(options);
    }

    /**
     * Windows limits the whole command line to 32,767 characters, not each argument: a class path and a module path
     * of 20,000 characters each are each below the 32 KiB per option, yet together fail there with
     * "CreateProcess error=206, The filename or extension is too long".
     */
    @Test
    void onWindowsOptionsThatTogetherExceedHalfTheCommandLineLimitMoveIntoAFile() throws Exception {
        String classPath = "C:\\Users\\A B\\.m2\\repository\\x.jar;".repeat(20_000 / 36);
        String modulePath = "C:\\Users\\A B\\.m2\\repository\\m.jar;".repeat(20_000 / 36);
        List<String> options = List.of("-cp", classPath, "--module-path", modulePath);
        assertThat(options).allMatch(option -> option.length() <= ArgumentFiles.LONGEST_OPTION);
        assertThat(options.stream().mapToInt(String::length).sum()).isGreaterThan(32_767);

        List<String> shortened = ArgumentFiles.shortened(options, true);
        assertThat(shortened).hasSize(1).allMatch(option -> option.startsWith("@"));
        assertThat(Files.readString(Path.of(shortened.get(0).substring(1)))).isEqualTo(ArgumentFiles.content(options));
        assertThat(ArgumentFiles.shortened(options, false)).as("not on Linux, where each may have 128 KiB")
                .isSameAs(options);
        List<String> small = List.of("-cp", "C:\\a.jar;C:\\b.jar");
        assertThat(ArgumentFiles.shortened(small, true)).isSameAs(small);
    }

    @Test
    void aModulePathComesWithTheTestJvmsModuleOptions() {
        List<String> moduleOptions = List.of("--add-modules", "lib,ALL-SYSTEM", "--patch-module", "lib=/tests");
        assertThat(JavaTarget.pathOptions("/cp", List.of("/m1", "/m2"), moduleOptions)).containsExactly(
                "-cp", "/cp", "--module-path", "/m1" + File.pathSeparator + "/m2", "--add-modules", "lib,ALL-SYSTEM",
                "--patch-module", "lib=/tests");
        assertThat(JavaTarget.pathOptions("/cp", List.of(), List.of())).containsExactly("-cp", "/cp");
    }

    @Test
    void theModuleOptionsAreTheTestJvmsOwnOnceEachWithPatchesMadeAbsolute() {
        List<String> inputArguments = List.of("--enable-native-access=ALL-UNNAMED", "--add-modules=lib",
                "--patch-module=lib=tests" + File.pathSeparator + "/abs", "-Xmx1g", "--add-modules=lib,other",
                "--add-reads=lib=ALL-UNNAMED", "--add-opens=lib/p=ALL-UNNAMED", "--add-exports=lib/p=ALL-UNNAMED",
                "--add-opens=lib/p=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED");
        String tests = Path.of("tests").toAbsolutePath().toString();
        assertThat(ModuleOptions.of(inputArguments, null)).containsExactly("--add-modules", "lib,other",
                "--patch-module", "lib=" + tests + File.pathSeparator + "/abs", "--add-reads", "lib=ALL-UNNAMED",
                "--add-opens", "lib/p=ALL-UNNAMED", "--add-exports", "lib/p=ALL-UNNAMED",
                "--add-opens", "java.base/java.io=ALL-UNNAMED");
        String jdkJavaOptions = " --add-opens java.base/java.io=ALL-UNNAMED\t--add-reads=lib=ALL-UNNAMED";
        assertThat(ModuleOptions.of(inputArguments, jdkJavaOptions))
                .as("not those the child's launcher reads from JDK_JAVA_OPTIONS again").containsExactly(
                        "--add-modules", "lib,other", "--patch-module", "lib=" + tests + File.pathSeparator + "/abs",
                        "--add-opens", "lib/p=ALL-UNNAMED", "--add-exports", "lib/p=ALL-UNNAMED");
    }

    /** Runs {@code java <options> ExitWith 7} and returns its output; the exit code must be 7. */
    private static String run(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaTarget.javaExecutable().toString()));
        command.addAll(options);
        command.addAll(List.of(ExitWith.class.getName(), "7"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isEqualTo(7);
        return output;
    }
}
