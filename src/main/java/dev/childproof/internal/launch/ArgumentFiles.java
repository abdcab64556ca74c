package dev.childproof.internal.launch;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.stop.RunDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves a Java child's long options into an argument file ({@code java @file}): Linux refuses any single argument
 * longer than 128 KiB ({@code MAX_ARG_STRLEN}: "Argument list too long"), and a class path that IDEs and build tools
 * shorten with argument files of their own can be longer than that. Each distinct file is written once a run, in the
 * run's owner-only directory. On Windows the whole command line may not exceed 32,767 characters
 * ({@code CreateProcess}: "The filename or extension is too long"), so there the options move when together they
 * exceed {@link #LONGEST_WINDOWS_OPTIONS}, leaving the rest for {@code java}'s path, the declared options and the
 * arguments.
 */
final class ArgumentFiles {

    /** An option longer than this moves the options into a file (a quarter of the kernel's limit). */
    static final int LONGEST_OPTION = 32 * 1024;

    /** On Windows, options longer than this together move into a file: half of {@code CreateProcess}'s limit. */
    static final int LONGEST_WINDOWS_OPTIONS = 16 * 1024;

    private static final boolean WINDOWS = !OperatingSystem.current().isPosix();

    private static final Map<String, Path> WRITTEN = new ConcurrentHashMap<>();

    private ArgumentFiles() {
    }

    /**
     * The options as they are when none is longer than {@link #LONGEST_OPTION}, else one {@code @file} argument that
     * holds them all.
     */
    static List<String> shortened(List<String> options) {
        return shortened(options, WINDOWS);
    }

    /** As {@link #shortened(List)}, by the rules of Windows or of the other systems. */
    static List<String> shortened(List<String> options, boolean windows) {
        if (windows ? options.stream().mapToLong(option -> option.length() + 3).sum() <= LONGEST_WINDOWS_OPTIONS
                : options.stream().allMatch(option -> option.length() <= LONGEST_OPTION)) {
            return options;
        }
        String content = content(options);
        // written again when something removed the run's directory meanwhile (RunDirectory#restore)
        Path file = WRITTEN.compute(content, (key, written) -> written != null && Files.exists(written) ? written
                : write(key));
        return List.of("@" + file);
    }

    /** One quoted option a line; within quotes the launcher reads {@code \\} and {@code \"} as the characters. */
    static String content(List<String> options) {
        StringBuilder content = new StringBuilder();
        for (String option : options) {
            content.append('"').append(option.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        return content.toString();
    }

    private static Path write(String content) {
        Path file = RunDirectory.instance().newFile("java-options");
        try {
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the argument file " + file + " for a Java child's long"
                    + " class path", e);
        }
    }
}
