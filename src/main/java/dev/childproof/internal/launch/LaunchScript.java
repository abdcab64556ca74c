package dev.childproof.internal.launch;

import java.nio.file.Path;
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
 *     <li>the program is not an executable file now (the JDK would throw at {@code start()}; a shell would exit
 *     127 instead).</li>
 * </ul>
 * The shell sets {@code PWD} to its working directory, the test JVM's; the script sets it back to the test JVM's
 * {@code PWD} variable, or unsets it when the JVM has none, so the environment is the one a direct launch gives.
 */
final class LaunchScript {

    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private LaunchScript() {
    }

    /**
     * The script for a launch, or empty when it must be direct.
     *
     * @param commandLine the program and its arguments
     * @param added the variables the launch sets on top of the test JVM's environment
     * @param workingDir the declared working directory, or null
     * @param jvmPwd the test JVM's {@code PWD} variable, or null
     */
    static Optional<String> of(List<String> commandLine, Map<String, String> added, Path workingDir,
            String jvmPwd) {
        if (workingDir != null || commandLine.isEmpty()) {
            return Optional.empty();
        }
        String program = commandLine.get(0);
        if (program.startsWith("-") || !program.contains("/") && added.containsKey("PATH")
                || Executables.find(program).isEmpty()) {
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
        return Optional.of(script.append('\n').toString());
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
