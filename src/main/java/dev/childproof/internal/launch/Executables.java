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
        return find(executable, null);
    }

    /**
     * As {@link #find(String)}, for a process that runs in {@code workingDir} (or the test JVM's when null): a
     * relative path with a directory part, such as {@code ./run.sh}, is looked up there, as the JDK runs it there.
     */
    static Optional<Path> find(String executable, Path workingDir) {
        if (executable.contains("/") || executable.contains(File.separator)) {
            Path path = workingDir == null ? Paths.get(executable) : workingDir.resolve(executable);
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
