package dev.childproof.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The script a pre-spawned launcher shell ({@link LauncherPool}) sources to become the process of a declaration:
 * {@code export} of every variable the launch adds to the test JVM's environment, then {@code exec} of the command
 * line, every word single-quoted. Made only when the result is the same process a direct {@code ProcessBuilder}
 * launch would make; otherwise the launch is direct. So none is made when:
 * <ul>
 *     <li>a working directory is declared (a shell's {@code cd} rewrites {@code PWD});</li>
 *     <li>a variable name is not a shell name (a shell cannot export {@code A.B}, and drops such names it
 *     inherits: the pool checks the test JVM's own once);</li>
 *     <li>{@code PATH} is declared and the program has no directory part (the shell would search the new
 *     {@code PATH}, the JDK searches the test JVM's);</li>
 *     <li>the program's name starts with {@code -} (some shells' {@code exec} takes options);</li>
 *     <li>the program is not an executable file now, or a script whose {@code #!} interpreter is not one (the JDK
 *     would throw at {@code start()}; a shell would exit 126 or 127 instead);</li>
 *     <li>a word or value holds a character the launch charset cannot encode, or a NUL (the JDK would pass
 *     {@code ?} for the one and refuse the other), or a variable the script puts back (below) did not decode
 *     cleanly in the test JVM;</li>
 *     <li>{@code execve} would refuse the arguments and environment as too long ({@code E2BIG}; the JDK would
 *     throw at {@code start()}, a shell would exit 126), or they come near its limit: a word or
 *     {@code NAME=value} of more than {@value #MAX_STRING_BYTES} bytes with its NUL, or more than
 *     {@link #MAX_TOTAL_BYTES} of strings and pointers in all.</li>
 * </ul>
 * The script is written in the charset the JDK encodes a direct launch's arguments and environment in
 * ({@link #CHARSET}), so the program gets the same bytes under any locale.
 * The shell changes variables it inherited before it sources the script ({@link #SHELL_SET}): dash sets and exports
 * {@code PWD} to its working directory, the test JVM's, resets {@code IFS}, {@code OPTIND} and {@code PPID} (and
 * exports them when it inherited them), and {@code read} sets the launcher's number variable. The script puts each
 * one the launch does not set back to the test JVM's value, and unsets {@code PWD} when the JVM has none (dash does
 * not export the others then), so the environment is the one a direct launch gives.
 */
final class LaunchScript {

    /**
     * The charset a direct launch encodes its arguments and environment in: the default charset on Java 17, the
     * platform's ({@code sun.jnu.encoding}) from Java 18 on (JEP 400). They differ from UTF-8 under a locale such
     * as {@code C}, common in CI containers. Null when it is unknown or does not write ASCII as ASCII (the script's
     * own text), and then every launch is direct.
     */
    static final Charset CHARSET = launchCharset();
    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** How much of a {@code #!} line Linux reads (BINPRM_BUF_SIZE). */
    private static final int SHEBANG_LINE = 256;
    /** What the JDK decoded a byte sequence the charset does not know to: re-encoding it would change the bytes. */
    private static final char UNDECODABLE = '\uFFFD';
    /**
     * The most bytes one argument or {@code NAME=value} may take, its NUL included, in an {@code execve} on Linux
     * ({@code MAX_ARG_STRLEN}, 32 pages of 4 KiB; more with larger pages, which this ignores).
     */
    static final int MAX_STRING_BYTES = 131_072;
    /**
     * The most bytes the arguments and environment of a handed-over launch may take in all, strings with their
     * NULs, a pointer to each, and the program's path: half of what {@code execve} takes here ({@link #execveLimit}),
     * so that what is counted differently (the inherited variables' bytes, which the JDK passes as they came, not
     * re-encoded) never turns a launch into a shell's exit 126.
     */
    static final long MAX_TOTAL_BYTES = execveLimit(Paths.get("/proc/self/limits")) / 2;
    /** The least {@code execve} takes on Linux whatever the stack limit ({@code ARG_MAX}, 32 pages). */
    private static final long EXECVE_FLOOR = 131_072;
    /** The most {@code execve} takes on Linux whatever the stack limit (3/4 of the 8 MiB {@code _STK_LIM}). */
    private static final long EXECVE_CEILING = 6L << 20;
    private static final int POINTER_BYTES = 8;
    /** The variables a launcher shell changes before it sources the script, which the script puts back. */
    static final List<String> SHELL_SET = List.of("PWD", "IFS", "OPTIND", "PPID", LauncherPool.NUMBER);

    private LaunchScript() {
    }

    /**
     * The script for a launch, in {@link #CHARSET}, or empty when the launch must be direct.
     *
     * @param commandLine the program and its arguments
     * @param added the variables the launch sets on top of the test JVM's environment
     * @param workingDir the declared working directory, or null
     * @param inherited the test JVM's environment, which the program inherits
     */
    static Optional<byte[]> of(List<String> commandLine, Map<String, String> added, Path workingDir,
            Map<String, String> inherited) {
        return of(commandLine, added, workingDir, inherited, CHARSET);
    }

    /**
     * As {@link #of(List, Map, Path, Map)}, for a direct launch that encodes in {@code charset}: one that
     * {@linkplain #keepsAscii keeps ASCII}, or null for none.
     */
    static Optional<byte[]> of(List<String> commandLine, Map<String, String> added, Path workingDir,
            Map<String, String> inherited, Charset charset) {
        if (workingDir != null || commandLine.isEmpty() || charset == null) {
            return Optional.empty();
        }
        String program = commandLine.get(0);
        if (program.startsWith("-") || !program.contains("/") && added.containsKey("PATH")) {
            return Optional.empty();
        }
        Optional<Path> executable = Executables.find(program);
        if (executable.isEmpty() || !hasItsInterpreter(executable.get())
                || !fitsExecve(executable.get(), commandLine, added, inherited, charset)) {
            return Optional.empty();
        }
        StringBuilder script = new StringBuilder(256);
        for (Map.Entry<String, String> variable : added.entrySet()) {
            if (!isShellName(variable.getKey())) {
                return Optional.empty();
            }
            script.append("export ").append(variable.getKey()).append('=');
            quote(script, variable.getValue()).append('\n');
        }
        for (String name : SHELL_SET) {
            String value = inherited.get(name);
            if (added.containsKey(name) || value == null && !name.equals("PWD")) {
                continue; // the launch sets it, or dash did not export it (and its "unset OPTIND" fails)
            }
            if (value == null) {
                script.append("unset PWD\n");
            } else if (value.indexOf(UNDECODABLE) >= 0) {
                return Optional.empty();
            } else {
                quote(script.append("export ").append(name).append('='), value).append('\n');
            }
        }
        script.append("exec");
        for (String word : commandLine) {
            quote(script.append(' '), word);
        }
        String text = script.append('\n').toString();
        if (text.indexOf('\0') >= 0 || !charset.newEncoder().canEncode(text)) {
            return Optional.empty();
        }
        return Optional.of(text.getBytes(charset));
    }

    /**
     * Whether {@code execve} takes the launch with room to spare, its arguments and environment counted as Linux
     * counts them: each string with its NUL and a pointer to it, and the program's path. A launch it would refuse
     * must be direct, so that {@code start()} throws as it does for a direct launch.
     */
    static boolean fitsExecve(Path executable, List<String> commandLine, Map<String, String> added,
            Map<String, String> inherited, Charset charset) {
        long total = bytes(executable.toString(), charset) + 1;
        for (String word : commandLine) {
            long length = bytes(word, charset) + 1;
            if (length > MAX_STRING_BYTES) {
                return false;
            }
            total += length + POINTER_BYTES;
        }
        for (Map.Entry<String, String> variable : added.entrySet()) {
            long length = bytes(variable.getKey(), charset) + 1 + bytes(variable.getValue(), charset) + 1;
            if (length > MAX_STRING_BYTES) {
                return false;
            }
            total += length + POINTER_BYTES;
        }
        for (Map.Entry<String, String> variable : inherited.entrySet()) {
            if (!added.containsKey(variable.getKey())) {
                total += bytes(variable.getKey(), charset) + 1 + bytes(variable.getValue(), charset) + 1
                        + POINTER_BYTES;
            }
        }
        return total <= MAX_TOTAL_BYTES;
    }

    private static long bytes(String text, Charset charset) {
        return text.getBytes(charset).length;
    }

    /**
     * How many bytes of arguments and environment Linux's {@code execve} takes, strings and pointers, for a process
     * with this JVM's stack limit: a quarter of its soft limit, between 128 KiB and 6 MiB
     * ({@code fs/exec.c}); what {@code getconf ARG_MAX} says, 2 MiB under the usual 8 MiB stack. The floor when the
     * limit cannot be read.
     *
     * @param limits a file laid out as {@code /proc/self/limits}
     */
    static long execveLimit(Path limits) {
        try {
            for (String line : Files.readAllLines(limits, StandardCharsets.US_ASCII)) {
                if (line.startsWith("Max stack size")) {
                    String soft = line.substring("Max stack size".length()).trim().split("\\s+")[0];
                    long quarter = soft.equals("unlimited") ? EXECVE_CEILING : Long.parseLong(soft) / 4;
                    return Math.max(EXECVE_FLOOR, Math.min(EXECVE_CEILING, quarter));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or a layout not known: the least any Linux takes
        }
        return EXECVE_FLOOR;
    }

    private static Charset launchCharset() {
        Charset charset;
        if (Runtime.version().feature() < 18) {
            charset = Charset.defaultCharset();
        } else {
            try {
                charset = Charset.forName(System.getProperty("sun.jnu.encoding"));
            } catch (RuntimeException e) {
                return null;
            }
        }
        return keepsAscii(charset) ? charset : null;
    }

    /** Whether the charset writes the script's own text (printable ASCII and newlines) as ASCII, byte for byte. */
    static boolean keepsAscii(Charset charset) {
        StringBuilder ascii = new StringBuilder("\n");
        for (char c = ' '; c < 0x7f; c++) {
            ascii.append(c);
        }
        return Arrays.equals(ascii.toString().getBytes(charset), ascii.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Whether an executable file can be run as it is: it is no script, or its {@code #!} line names an executable
     * file. One read of its first bytes (the kernel reads no more of a {@code #!} line either).
     */
    static boolean hasItsInterpreter(Path executable) {
        byte[] head = new byte[SHEBANG_LINE];
        int length;
        try (InputStream in = Files.newInputStream(executable)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException | SecurityException e) {
            return false;
        }
        if (length < 2 || head[0] != '#' || head[1] != '!') {
            return true;
        }
        int from = 2;
        while (from < length && (head[from] == ' ' || head[from] == '\t')) {
            from++;
        }
        int to = from;
        while (to < length && head[to] != ' ' && head[to] != '\t' && head[to] != '\n') {
            to++;
        }
        if (to == from || to == length && length == head.length) {
            // no interpreter named, or a line longer than the kernel reads: left to the JDK to report
            return false;
        }
        String interpreter = new String(head, from, to - from, StandardCharsets.UTF_8);
        return interpreter.startsWith("/") && Executables.find(interpreter).isPresent();
    }

    /** Whether a shell can set and export a variable of this name. */
    static boolean isShellName(String name) {
        return SHELL_NAME.matcher(name).matches();
    }

    /** Appends a word in single quotes, which keep every character but the quote itself, written {@code '\''}. */
    static StringBuilder quote(StringBuilder to, String word) {
        to.append('\'');
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\'') {
                to.append("'\\''");
            } else {
                to.append(c);
            }
        }
        return to.append('\'');
    }
}
