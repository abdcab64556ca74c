package dev.childproof.internal.launch;

import dev.childproof.internal.os.OperatingSystem;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds an executable the way the JDK's launch will: as given when it has a directory part, else on PATH
 * ({@code execvp}). On Windows, {@code CreateProcess} adds only {@code .exe} to a name without an extension, so a
 * bare name is found as {@code name.exe}, or as a {@code .com}, {@code .bat} or {@code .cmd} file (in the order of
 * {@code PATHEXT}, as a shell would), which is then launched by its full path ({@link #launchable}); a file without
 * an extension (npm's shell script next to {@code npm.cmd}, say) is never taken there, since it cannot be run.
 */
final class Executables {

    private static final boolean WINDOWS = !OperatingSystem.current().isPosix();
    private static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

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
        return find(executable, workingDir, System.getenv("PATH"), WINDOWS ? System.getenv("PATHEXT") : null,
                WINDOWS, File.pathSeparator);
    }

    /**
     * As {@link #find(String, Path)}, given the variables and the system's rules.
     *
     * @param pathExt Windows' {@code PATHEXT}, or null for its default
     */
    static Optional<Path> find(String executable, Path workingDir, String pathVariable, String pathExt,
            boolean windows, String pathSeparator) {
        if (executable.contains("/") || windows && executable.contains("\\")) {
            Path path = workingDir == null ? Paths.get(executable) : workingDir.resolve(executable);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        List<String> suffixes = windows ? windowsSuffixes(executable, pathExt) : List.of("");
        for (String dir : pathVariable.split(pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String suffix : suffixes) {
                Path candidate = Paths.get(dir, executable + suffix);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The suffixes a bare name is tried with on Windows: none when it has an extension, else PATHEXT's. */
    private static List<String> windowsSuffixes(String executable, String pathExt) {
        if (executable.lastIndexOf('.') > 0) {
            return List.of("");
        }
        List<String> suffixes = new ArrayList<>();
        for (String ext : (pathExt == null || pathExt.isBlank() ? DEFAULT_PATHEXT : pathExt).split(";")) {
            String lower = ext.trim().toLowerCase(Locale.ROOT);
            if (lower.equals(".exe") || lower.equals(".com") || lower.equals(".bat") || lower.equals(".cmd")) {
                suffixes.add(lower);
            }
        }
        return suffixes.isEmpty() ? List.of(".exe") : suffixes;
    }

    /**
     * The program to hand the JDK: on Windows, a bare name found with an extension other than {@code .exe} (which
     * {@code CreateProcess} adds itself) by its full path, since {@code CreateProcess} would not find it; else as
     * given.
     */
    static String launchable(String executable, Optional<Path> found) {
        if (found.isEmpty() || executable.contains("/") || executable.contains("\\")) {
            return executable;
        }
        String name = found.get().getFileName().toString();
        return name.equalsIgnoreCase(executable) || name.equalsIgnoreCase(executable + ".exe") ? executable
                : found.get().toString();
    }
}
