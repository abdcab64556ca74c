package dev.childproof.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *     {@code ?} for the one and refuse the other), or the test JVM's {@code PWD} did not decode cleanly.</li>
 * </ul>
 * The script is written in the charset the JDK encodes a direct launch's arguments and environment in
 * ({@link #CHARSET}), so the program gets the same bytes under any locale.
 * The shell sets {@code PWD} to its working directory, the test JVM's; the script sets it back to the test JVM's
 * {@code PWD} variable, or unsets it when the JVM has none, so the environment is the one a direct launch gives.
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

    private LaunchScript() {
    }

    /**
     * The script for a launch, in {@link #CHARSET}, or empty when the launch must be direct.
     *
     * @param commandLine the program and its arguments
     * @param added the variables the launch sets on top of the test JVM's environment
     * @param workingDir the declared working directory, or null
     * @param jvmPwd the test JVM's {@code PWD} variable, or null
     */
    static Optional<byte[]> of(List<String> commandLine, Map<String, String> added, Path workingDir,
            String jvmPwd) {
        return of(commandLine, added, workingDir, jvmPwd, CHARSET);
    }

    /**
     * As {@link #of(List, Map, Path, String)}, for a direct launch that encodes in {@code charset}: one that
     * {@linkplain #keepsAscii keeps ASCII}, or null for none.
     */
    static Optional<byte[]> of(List<String> commandLine, Map<String, String> added, Path workingDir,
            String jvmPwd, Charset charset) {
        if (workingDir != null || commandLine.isEmpty() || charset == null
                || jvmPwd != null && jvmPwd.indexOf(UNDECODABLE) >= 0) {
            return Optional.empty();
        }
        String program = commandLine.get(0);
        if (program.startsWith("-") || !program.contains("/") && added.containsKey("PATH")) {
            return Optional.empty();
        }
        Optional<Path> executable = Executables.find(program);
        if (executable.isEmpty() || !hasItsInterpreter(executable.get())) {
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
        if (!added.containsKey("PWD")) {
            if (jvmPwd == null) {
                script.append("unset PWD\n");
            } else {
                quote(script.append("export PWD="), jvmPwd).append('\n');
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
