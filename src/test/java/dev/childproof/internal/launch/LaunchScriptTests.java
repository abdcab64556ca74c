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
    private List<String> source(String script) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("script"), script);
        Process shell = new ProcessBuilder("/bin/sh", "-c", ". \"$0\"", file.toString()).directory(new java.io.File("/"))
                .redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        shell.waitFor();
        return output.lines().toList();
    }

    @Test
    void theTestJvmsPwdIsPassedOnNotTheOneTheShellSets() throws Exception {
        Optional<String> script = LaunchScript.of(List.of("env"), Map.of(), null, "/somewhere/else");
        assertThat(source(script.orElseThrow())).contains("PWD=/somewhere/else").doesNotContain("PWD=/");
    }

    @Test
    void noPwdIsPassedOnWhenTheTestJvmHasNone() throws Exception {
        Optional<String> script = LaunchScript.of(List.of("env"), Map.of(), null, null);
        assertThat(source(script.orElseThrow())).noneMatch(line -> line.startsWith("PWD="));
    }

    @Test
    void everyWordAndValueArrivesWhole() throws Exception {
        String awkward = "it's \"quoted\" $HOME `true` \\ * ; & |\n'' end";
        Map<String, String> added = new LinkedHashMap<>();
        added.put("AWKWARD", awkward);
        Optional<String> script = LaunchScript.of(List.of("/usr/bin/printf", "[%s]\\n", awkward, "$AWKWARD", ""),
                added, null, null);
        assertThat(source(script.orElseThrow())).containsExactly("[it's \"quoted\" $HOME `true` \\ * ; & |",
                "'' end]", "[$AWKWARD]", "[]");
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
