package dev.childproof.internal.launch;

import dev.childproof.fixtures.ExitWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChildClassPathTests {

    @Test
    void aClassFromItsOwnClassLoaderRunsInTheChild(@TempDir Path dir) throws Exception {
        Path classFile = Paths.get(ExitWith.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/childproof/fixtures/ExitWith.class");
        Path copy = dir.resolve("dev/childproof/fixtures/ExitWith.class");
        Files.createDirectories(copy.getParent());
        Files.copy(classFile, copy);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Class<?> isolated = loader.loadClass(ExitWith.class.getName());
            assertThat(isolated.getClassLoader()).isSameAs(loader);

            List<String> entries = Arrays.asList(ChildClassPath.of(isolated).split(File.pathSeparator));
            assertThat(entries).contains(dir.toString());

            Process child = new ProcessBuilder(JavaTarget.commandLine(isolated, List.of(), List.of("7")))
                    .redirectErrorStream(true).start();
            try {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes())).isEqualTo(7);
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
