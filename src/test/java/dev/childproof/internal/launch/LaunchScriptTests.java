package dev.childproof.internal.launch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Launch scripts: what a pre-spawned launcher sources makes the process a direct launch makes")
class LaunchScriptTests {

    /** An empty environment for the test JVM's: no {@code PWD}, nothing to count. */
    static final Map<String, String> NONE = Map.of();

    @TempDir
    Path dir;

    /** Sources a script in a real /bin/sh started in {@code /}, as an idle launcher would, and returns its output. */
    private List<String> source(byte[] script) throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve("script"), script);
        Process shell = new ProcessBuilder("/bin/sh", "-c", ". \"$0\"", file.toString())
                .directory(new java.io.File("/")).redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        shell.waitFor();
        return output.lines().toList();
    }

    @Test
    void theTestJvmsPwdIsPassedOnNotTheOneTheShellSets() throws Exception {
        Optional<byte[]> script = LaunchScript.of(List.of("env"), Map.of(), null, Map.of("PWD", "/somewhere/else"));
        assertThat(source(script.orElseThrow())).contains("PWD=/somewhere/else").doesNotContain("PWD=/");
    }

    @Test
    void noPwdIsPassedOnWhenTheTestJvmHasNone() throws Exception {
        Optional<byte[]> script = LaunchScript.of(List.of("env"), Map.of(), null, NONE);
        assertThat(source(script.orElseThrow())).noneMatch(line -> line.startsWith("PWD="));
    }

    @Test
    void variablesTheLauncherShellChangesArePassedOnAsTheTestJvmHasThem() throws Exception {
        Map<String, String> jvm = new LinkedHashMap<>();
        jvm.put("PATH", System.getenv("PATH"));
        jvm.put("PWD", "/somewhere/else");
        jvm.put("IFS", ",");
        jvm.put("OPTIND", "5");
        jvm.put("PPID", "77");
        jvm.put(LauncherPool.NUMBER, "mine");
        Map<String, String> added = Map.of("ADDED", "1");
        assertThat(environmentFromALauncher(jvm, added)).as("IFS, OPTIND, PPID, n and PWD in the test JVM's")
                .contains("IFS=,", "OPTIND=5", "PPID=77", LauncherPool.NUMBER + "=mine", "PWD=/somewhere/else")
                .isEqualTo(environmentFromADirectLaunch(jvm, added));
        Map<String, String> bare = Map.of("PATH", System.getenv("PATH"));
        assertThat(environmentFromALauncher(bare, added)).as("none of them in the test JVM's")
                .isEqualTo(environmentFromADirectLaunch(bare, added)).containsExactly("ADDED=1", "PATH=" + bare.get(
                        "PATH"));
        Map<String, String> overridden = Map.of("IFS", ":", "OPTIND", "2", "PPID", "1", LauncherPool.NUMBER, "n",
                "ADDED", "1");
        assertThat(environmentFromALauncher(jvm, overridden)).as("all set by the launch")
                .isEqualTo(environmentFromADirectLaunch(jvm, overridden)).contains("IFS=:", "OPTIND=2");
    }

    /**
     * The environment {@code env -0} gets from an idle launcher as the pool starts it, in {@code /}, with
     * {@code jvm} as the test JVM's environment, each variable's bytes in ISO-8859-1, in order.
     */
    private List<String> environmentFromALauncher(Map<String, String> jvm, Map<String, String> added)
            throws Exception {
        Path scripts = dir.resolve("launch");
        Files.write(Paths.get(scripts + "-1"), LaunchScript.of(List.of("env", "-0"), added, null, jvm).orElseThrow());
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", LauncherPool.WAIT_FOR_SCRIPT, scripts.toString())
                .directory(new java.io.File("/"));
        builder.environment().clear();
        builder.environment().putAll(jvm);
        Process launcher = builder.start();
        launcher.getOutputStream().write("1\n".getBytes(StandardCharsets.US_ASCII));
        launcher.getOutputStream().flush();
        return variables(launcher);
    }

    /** The environment {@code env -0} gets from a direct launch, as {@link #environmentFromALauncher}. */
    private static List<String> environmentFromADirectLaunch(Map<String, String> jvm, Map<String, String> added)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("env", "-0");
        builder.environment().clear();
        builder.environment().putAll(jvm);
        builder.environment().putAll(added);
        return variables(builder.start());
    }

    private static List<String> variables(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(process.waitFor()).as("exit code of env").isZero();
        return Arrays.stream(output.split("\0")).sorted().toList();
    }

    @Test
    void everyWordAndValueArrivesWhole() throws Exception {
        String awkward = "it's \"quoted\" $HOME `true` \\ * ; & |\n'' end";
        Map<String, String> added = new LinkedHashMap<>();
        added.put("AWKWARD", awkward);
        Optional<byte[]> script = LaunchScript.of(List.of("/usr/bin/printf", "[%s]\\n", awkward, "$AWKWARD", ""),
                added, null, NONE);
        assertThat(source(script.orElseThrow())).containsExactly("[it's \"quoted\" $HOME `true` \\ * ; & |",
                "'' end]", "[$AWKWARD]", "[]");
    }

    @Test
    void theProgramGetsTheBytesOfTheCharsetADirectLaunchEncodesIn() throws Exception {
        List<String> commandLine = List.of("/bin/sh", "-c", "printf '%s|%s' \"$0\" \"$V\" | od -An -tx1", "h\u00e9");
        Map<String, String> added = Map.of("V", "h\u00e9");
        assertThat(source(LaunchScript.of(commandLine, added, null, NONE, StandardCharsets.ISO_8859_1).orElseThrow()))
                .containsExactly(" 68 e9 7c 68 e9");
        assertThat(source(LaunchScript.of(commandLine, added, null, NONE, StandardCharsets.UTF_8).orElseThrow()))
                .containsExactly(" 68 c3 a9 7c 68 c3 a9");
        // this JVM's own launch charset gives what its direct launches give
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        builder.environment().putAll(added);
        Process direct = builder.start();
        String directBytes = new String(direct.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        direct.waitFor();
        assertThat(LaunchScript.CHARSET).as("the launch charset here").isNotNull();
        assertThat(source(LaunchScript.of(commandLine, added, null, NONE).orElseThrow()))
                .containsExactly(" " + directBytes);
    }

    @Test
    void whatTheLaunchCharsetCannotHoldIsLaunchedDirectly() {
        List<String> plain = List.of("/usr/bin/printf", "%s");
        assertThat(LaunchScript.of(List.of("/usr/bin/printf", "h\u00e9"), Map.of(), null, NONE,
                StandardCharsets.US_ASCII)).as("an argument ASCII cannot hold").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of("V", "h\u00e9"), null, NONE, StandardCharsets.US_ASCII))
                .as("a value ASCII cannot hold").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, Map.of("PWD", "/h\u00e9"), StandardCharsets.US_ASCII))
                .as("a PWD ASCII cannot hold").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, Map.of("PWD", "/h\uFFFD"), StandardCharsets.UTF_8))
                .as("a PWD the JVM could not decode").isEmpty();
        assertThat(LaunchScript.of(List.of("/usr/bin/printf", "\uD800"), Map.of(), null, NONE,
                StandardCharsets.UTF_8)).as("a lone surrogate").isEmpty();
        assertThat(LaunchScript.of(List.of("/usr/bin/printf", "a\0b"), Map.of(), null, NONE, StandardCharsets.UTF_8))
                .as("a NUL, which the JDK refuses").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, NONE, null)).as("no usable launch charset").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, NONE, StandardCharsets.US_ASCII)).as("plain ASCII")
                .isPresent();
        assertThat(LaunchScript.keepsAscii(StandardCharsets.UTF_16)).as("UTF-16").isFalse();
        assertThat(LaunchScript.keepsAscii(StandardCharsets.ISO_8859_1)).as("ISO-8859-1").isTrue();
    }

    @Test
    void whatAShellWouldChangeIsLaunchedDirectly() {
        assertThat(LaunchScript.of(List.of("env"), Map.of(), Paths.get("/"), NONE)).as("a working directory").isEmpty();
        assertThat(LaunchScript.of(List.of("env"), Map.of("A.B", "1"), null, NONE)).as("a name a shell drops")
                .isEmpty();
        assertThat(LaunchScript.of(List.of("env"), Map.of("PATH", "/opt"), null, NONE)).as("PATH and no directory")
                .isEmpty();
        assertThat(LaunchScript.of(List.of("/usr/bin/env"), Map.of("PATH", "/opt"), null, NONE))
                .as("PATH and a directory").isPresent();
        assertThat(LaunchScript.of(List.of("no-such-program-here"), Map.of(), null, NONE)).as("no such program")
                .isEmpty();
        assertThat(LaunchScript.of(List.of("-x"), Map.of(), null, NONE)).as("a program named like an option")
                .isEmpty();
    }

    @Test
    void aWordOrValueExecveRefusesIsLaunchedDirectlySoTheLaunchFailsAsItWould() throws Exception {
        String longest = "x".repeat(LaunchScript.MAX_STRING_BYTES - 1);
        String tooLong = longest + "x";
        Process direct = new ProcessBuilder("/bin/true", longest).start();
        assertThat(direct.waitFor()).as("exit code of a direct launch of the longest word execve takes").isZero();
        assertThatThrownBy(() -> new ProcessBuilder("/bin/true", tooLong).start()).as("a direct launch of one more")
                .isInstanceOf(IOException.class).hasMessageContaining("Argument list too long");

        List<String> plain = List.of("/bin/true");
        assertThat(LaunchScript.of(List.of("/bin/true", longest), Map.of(), null, NONE)).isPresent();
        assertThat(LaunchScript.of(List.of("/bin/true", tooLong), Map.of(), null, NONE)).as("a word").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of("V", longest.substring(2)), null, NONE)).isPresent();
        assertThat(LaunchScript.of(plain, Map.of("V", longest.substring(1)), null, NONE)).as("V=value").isEmpty();
        String twoBytesEach = "\u00e9".repeat(LaunchScript.MAX_STRING_BYTES / 2);
        assertThat(LaunchScript.of(List.of("/bin/true", twoBytesEach), Map.of(), null, NONE,
                StandardCharsets.UTF_8)).as("bytes in UTF-8, not characters").isEmpty();
        assertThat(LaunchScript.of(List.of("/bin/true", twoBytesEach), Map.of(), null, NONE,
                StandardCharsets.ISO_8859_1)).as("one byte each in ISO-8859-1").isPresent();
    }

    @Test
    void argumentsAndEnvironmentNearExecvesLimitAreLaunchedDirectly() {
        // words of under 128 KiB that, with their NULs and pointers, come within 2 000 bytes of the bound
        long budget = LaunchScript.MAX_TOTAL_BYTES - 2_000;
        int count = (int) (budget / 120_000) + 1;
        List<String> fitting = new ArrayList<>(List.of("/bin/true"));
        fitting.addAll(Collections.nCopies(count, "x".repeat((int) (budget / count) - 9)));
        String more = "y".repeat(2_000);
        assertThat(LaunchScript.of(fitting, Map.of(), null, NONE)).as("%s words", count).isPresent();
        assertThat(LaunchScript.of(fitting, Map.of("V", more), null, NONE)).as("and a value").isEmpty();
        assertThat(LaunchScript.of(fitting, Map.of(), null, Map.of("INHERITED", more))).as("and an inherited one")
                .isEmpty();
        assertThat(LaunchScript.of(fitting, Map.of("INHERITED", "short"), null, Map.of("INHERITED", more)))
                .as("and an inherited one the launch sets shorter").isPresent();
    }

    @Test
    void execvesLimitIsAQuarterOfTheStackLimitBetween128KiBAnd6MiB() throws Exception {
        assertThat(LaunchScript.execveLimit(limits("8388608              unlimited"))).isEqualTo(2 << 20);
        assertThat(LaunchScript.execveLimit(limits("unlimited            unlimited"))).isEqualTo(6 << 20);
        assertThat(LaunchScript.execveLimit(limits("67108864             unlimited"))).isEqualTo(6 << 20);
        assertThat(LaunchScript.execveLimit(limits("262144               unlimited"))).isEqualTo(128 << 10);
        assertThat(LaunchScript.execveLimit(dir.resolve("none"))).as("unreadable").isEqualTo(128 << 10);
        Process getconf = new ProcessBuilder("getconf", "ARG_MAX").start();
        long argMax = Long.parseLong(new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .strip());
        getconf.waitFor();
        if (argMax <= 6 << 20) { // glibc's has no 6 MiB ceiling
            assertThat(LaunchScript.MAX_TOTAL_BYTES).as("half of getconf ARG_MAX").isEqualTo(argMax / 2);
        }
    }

    private Path limits(String stack) throws IOException {
        return Files.writeString(dir.resolve("limits"), "Limit                     Soft Limit           Hard Limit"
                + "           Units     \nMax file size             unlimited            unlimited            bytes"
                + "     \nMax stack size            " + stack + "            bytes     \n");
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsLaunchedDirectlySoTheLaunchFailsAsItWould() throws Exception {
        Path orphan = script("orphan", "#!/no/such/interpreter -x\necho hello\n");
        Path spaced = script("spaced", "#! /bin/sh\necho hello\n");
        Path plain = script("plain", "echo hello\n");

        assertThat(LaunchScript.of(List.of(orphan.toString()), Map.of(), null, NONE)).isEmpty();
        assertThat(LaunchScript.of(List.of(spaced.toString()), Map.of(), null, NONE)).isPresent();
        assertThat(LaunchScript.of(List.of(plain.toString()), Map.of(), null, NONE)).as("no #!: the shell runs it,"
                + " as the JDK does").isPresent();
        assertThat(source(LaunchScript.of(List.of(spaced.toString()), Map.of(), null, NONE).orElseThrow()))
                .containsExactly("hello");
        assertThat(LaunchScript.hasItsInterpreter(Paths.get("/bin/true"))).as("a binary").isTrue();
    }

    /**
     * An executable script, written by {@code cp} rather than by this JVM: a process another test of the class
     * starts meanwhile inherits the JVM's open file until it execs, and running the script then fails with
     * {@code Text file busy}.
     */
    private Path script(String name, String text) throws IOException, InterruptedException {
        Path source = Files.writeString(dir.resolve(name + ".text"), text);
        Path file = dir.resolve(name);
        Process copy = new ProcessBuilder("cp", source.toString(), file.toString()).start();
        assertThat(copy.waitFor()).as("exit code of cp").isZero();
        file.toFile().setExecutable(true);
        return file;
    }
}
