package dev.childproof.internal.launch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows' rules, checked here on any system: {@code CreateProcess} adds only {@code .exe} to a bare name, so a
 * bare {@code npm} is {@code npm.cmd} (launched by its full path), never the extensionless shell script npm puts
 * next to it, which Windows cannot run.
 */
@DisplayName("Executables: found as the JDK's launch will find them, on Windows too")
class ExecutablesTests {

    @TempDir
    Path bin;

    private Path executable(String name) throws Exception {
        Path file = Files.createFile(bin.resolve(name));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException windows) {
            // every file counts as executable there
        }
        return file;
    }

    @Test
    void onWindowsABareNameIsFoundWithTheExtensionsOfPathextAndNeverWithout() throws Exception {
        executable("npm");
        Path cmd = executable("npm.cmd");
        Optional<Path> found = Executables.find("npm", null, bin.toString(), ".COM;.EXE;.BAT;.CMD", true, ";");
        assertThat(found).contains(cmd);
        assertThat(Executables.launchable("npm", found)).isEqualTo(cmd.toString());
    }

    @Test
    void onWindowsAnExeKeepsItsBareNameAndAnExtensionlessFileIsNotAnExecutable() throws Exception {
        Path exe = executable("node.exe");
        executable("script");
        Optional<Path> node = Executables.find("node", null, bin.toString(), null, true, ";");
        assertThat(node).contains(exe);
        assertThat(Executables.launchable("node", node)).isEqualTo("node");
        assertThat(Executables.find("script", null, bin.toString(), null, true, ";")).isEmpty();
    }

    @Test
    void elsewhereABareNameIsFoundAsItIs() throws Exception {
        Path npm = executable("npm");
        executable("npm.cmd");
        assertThat(Executables.find("npm", null, bin.toString(), null, false, ":")).contains(npm);
        assertThat(Executables.find("node", null, bin.toString(), null, false, ":")).isEmpty();
    }
}
