package dev.childproof.internal.launch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Launch scripts: what a pre-spawned launcher sources makes the process a direct launch makes")
class LaunchScriptTests {

    @TempDir
    Path dir;

    /** Sources a script in a real /bin/sh started in {@code /}, as an idle launcher would, and returns its output. */
    private List<String> source(byte[] script) throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve("script"), script);
        Process shell = new ProcessBuilder("/bin/sh", "-c", ". \"$0\"", file.toString()).directory(new java.io.File("/"))
                .redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        shell.waitFor();
        return output.lines().toList();
    }

    @Test
    void theTestJvmsPwdIsPassedOnNotTheOneTheShellSets() throws Exception {
        Optional<byte[]> script = LaunchScript.of(List.of("env"), Map.of(), null, "/somewhere/else");
        assertThat(source(script.orElseThrow())).contains("PWD=/somewhere/else").doesNotContain("PWD=/");
    }

    @Test
    void noPwdIsPassedOnWhenTheTestJvmHasNone() throws Exception {
        Optional<byte[]> script = LaunchScript.of(List.of("env"), Map.of(), null, null);
        assertThat(source(script.orElseThrow())).noneMatch(line -> line.startsWith("PWD="));
    }

    @Test
    void everyWordAndValueArrivesWhole() throws Exception {
        String awkward = "it's \"quoted\" $HOME `true` \\ * ; & |\n'' end";
        Map<String, String> added = new LinkedHashMap<>();
        added.put("AWKWARD", awkward);
        Optional<byte[]> script = LaunchScript.of(List.of("/usr/bin/printf", "[%s]\\n", awkward, "$AWKWARD", ""),
                added, null, null);
        assertThat(source(script.orElseThrow())).containsExactly("[it's \"quoted\" $HOME `true` \\ * ; & |",
                "'' end]", "[$AWKWARD]", "[]");
    }

    @Test
    void theProgramGetsTheBytesOfTheCharsetADirectLaunchEncodesIn() throws Exception {
        List<String> commandLine = List.of("/bin/sh", "-c", "printf '%s|%s' \"$0\" \"$V\" | od -An -tx1", "h\u00e9");
        Map<String, String> added = Map.of("V", "h\u00e9");
        assertThat(source(LaunchScript.of(commandLine, added, null, null, StandardCharsets.ISO_8859_1).orElseThrow()))
                .containsExactly(" 68 e9 7c 68 e9");
        assertThat(source(LaunchScript.of(commandLine, added, null, null, StandardCharsets.UTF_8).orElseThrow()))
                .containsExactly(" 68 c3 a9 7c 68 c3 a9");
        // this JVM's own launch charset gives what its direct launches give
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        builder.environment().putAll(added);
        Process direct = builder.start();
        String directBytes = new String(direct.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        direct.waitFor();
        assertThat(LaunchScript.CHARSET).as("the launch charset here").isNotNull();
        assertThat(source(LaunchScript.of(commandLine, added, null, null).orElseThrow()))
                .containsExactly(" " + directBytes);
    }

    @Test
    void whatTheLaunchCharsetCannotHoldIsLaunchedDirectly() {
        List<String> plain = List.of("/usr/bin/printf", "%s");
        assertThat(LaunchScript.of(List.of("/usr/bin/printf", "h\u00e9"), Map.of(), null, null,
                StandardCharsets.US_ASCII)).as("an argument ASCII cannot hold").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of("V", "h\u00e9"), null, null, StandardCharsets.US_ASCII))
                .as("a value ASCII cannot hold").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, "/h\u00e9", StandardCharsets.US_ASCII))
                .as("a PWD ASCII cannot hold").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, "/h\uFFFD", StandardCharsets.UTF_8))
                .as("a PWD the JVM could not decode").isEmpty();
        assertThat(LaunchScript.of(List.of("/usr/bin/printf", "\uD800"), Map.of(), null, null,
                StandardCharsets.UTF_8)).as("a lone surrogate").isEmpty();
        assertThat(LaunchScript.of(List.of("/usr/bin/printf", "a\0b"), Map.of(), null, null, StandardCharsets.UTF_8))
                .as("a NUL, which the JDK refuses").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, null, null)).as("no usable launch charset").isEmpty();
        assertThat(LaunchScript.of(plain, Map.of(), null, null, StandardCharsets.US_ASCII)).as("plain ASCII")
                .isPresent();
        assertThat(LaunchScript.keepsAscii(StandardCharsets.UTF_16)).as("UTF-16").isFalse();
        assertThat(LaunchScript.keepsAscii(StandardCharsets.ISO_8859_1)).as("ISO-8859-1").isTrue();
    }

    @Test
    void whatAShellWouldChangeIsLaunchedDirectly() {
        assertThat(LaunchScript.of(List.of("env"), Map.of(), Paths.get("/"), null)).as("a working directory").isEmpty();
        assertThat(LaunchScript.of(List.of("env"), Map.of("A.B", "1"), null, null)).as("a name a shell drops")
                .isEmpty();
        assertThat(LaunchScript.of(List.of("env"), Map.of("PATH", "/opt"), null, null)).as("PATH and no directory")
                .isEmpty();
        assertThat(LaunchScript.of(List.of("/usr/bin/env"), Map.of("PATH", "/opt"), null, null))
                .as("PATH and a directory").isPresent();
        assertThat(LaunchScript.of(List.of("no-such-program-here"), Map.of(), null, null)).as("no such program")
                .isEmpty();
        assertThat(LaunchScript.of(List.of("-x"), Map.of(), null, null)).as("a program named like an option")
                .isEmpty();
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsLaunchedDirectlySoTheLaunchFailsAsItWould() throws Exception {
        Path orphan = script("orphan", "#!/no/such/interpreter -x\necho hello\n");
        Path spaced = script("spaced", "#! /bin/sh\necho hello\n");
        Path plain = script("plain", "echo hello\n");

        assertThat(LaunchScript.of(List.of(orphan.toString()), Map.of(), null, null)).isEmpty();
        assertThat(LaunchScript.of(List.of(spaced.toString()), Map.of(), null, null)).isPresent();
        assertThat(LaunchScript.of(List.of(plain.toString()), Map.of(), null, null)).as("no #!: the shell runs it,"
                + " as the JDK does").isPresent();
        assertThat(source(LaunchScript.of(List.of(spaced.toString()), Map.of(), null, null).orElseThrow()))
                .containsExactly("hello");
        assertThat(LaunchScript.hasItsInterpreter(Paths.get("/bin/true"))).as("a binary").isTrue();
    }

    private Path script(String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text);
        file.toFile().setExecutable(true);
        return file;
    }
}
