package dev.childproof.internal.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** Finds an executable the way {@code execvp} would: as given when it has a directory part, else on PATH. */
final class Executables {

    private Executables() {
    }

    static Optional<Path> find(String executable) {
        if (executable.contains("/") || executable.contains(File.separator)) {
            Path path = Paths.get(executable);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        boolean windows = File.separatorChar == '\\';
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String suffix : windows ? new String[] {"", ".exe", ".cmd", ".bat"} : new String[] {""}) {
                Path candidate = Paths.get(dir, executable + suffix);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
