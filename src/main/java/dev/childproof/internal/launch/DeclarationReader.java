package dev.childproof.internal.launch;

import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.internal.Durations;
import dev.childproof.internal.child.ChildEnvironment;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.config.SettingsReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns {@link ProcessOptions} (from a {@link SpawnedProcess} annotation, a composed annotation or the programmatic
 * spawner's builder) into a {@link ProcessDeclaration}, checking everything that can be checked before anything is
 * launched. Each problem is one sentence: who declared it, the rule, then the fix.
 */
public final class DeclarationReader {

    /** What {@code outputBufferKiB} may be and the fix, as the end of a message (the spawner's builder says it too). */
    public static final String OUTPUT_BUFFER_RULE = "is not a size in KiB from 1 to "
            + SettingsReader.MAX_OUTPUT_BUFFER_KIB + "; give one, or 0 for the configured default.";

    /**
     * The options the java launcher takes with their value as the next word (Java 17 to 25); any other word of
     * {@code jvmArgs} that does not start with {@code -} would be taken for the main class.
     */
    private static final Set<String> TAKE_NEXT_WORD = Set.of("-cp", "-classpath", "--class-path", "-p",
            "--module-path", "--upgrade-module-path", "--add-modules", "--enable-native-access", "--limit-modules",
            "--add-exports", "--add-opens", "--add-reads", "--patch-module");

    /** The java launcher's options that name what to run in place of a main class. */
    private static final Set<String> RUN_OTHER = Set.of("-jar", "-m", "--module");

    /** The java launcher's options after which it prints something and exits without running any main class. */
    private static final Set<String> PRINT_AND_EXIT = Set.of("-version", "--version", "-fullversion",
            "--full-version", "-help", "--help", "-h", "-?", "-X", "--help-extra", "--list-modules", "--dry-run",
            "--validate-modules", "--describe-module", "-d");

    /** {@code SpawnedProcess.stopLine()}'s default. */
    private static final String DEFAULT_STOP_LINE = "stop";

    private final String element;
    private final String subject;

    private DeclarationReader(String element, String subject) {
        this.element = element;
        this.subject = subject;
    }

    /**
     * Reads a declaration.
     *
     * @param annotation the annotation as written (or as merged from a composed annotation)
     * @param element how messages name the element, such as {@code field [ChildProcess WorkerTest.worker]}
     * @param defaultName the field or parameter name
     * @param stopsWithin the nearest {@code @StopsWithin} value, if any
     * @param settings the run-wide defaults
     * @return the declaration
     * @throws DeclarationException for a declaration that cannot work
     */
    /** The misuse message for a {@code @StopsWithin} value that is not a duration, on the element it names. */
    public static String stopsWithinNotADuration(String text, String element) {
        return "@StopsWithin(\"" + text + "\") on " + element + " is not a duration; write it like 500ms, 2s, 1m or"
                + " PT2S.";
    }

    /**
     * The sentence for a daemon given a stop deadline of its own, which could never be checked: a daemon is never
     * asked to stop.
     *
     * @param subject how messages name the process, such as {@code @SpawnedProcess field [...]}
     * @param deadline the deadline as written, such as {@code @StopsWithin("2s")}
     */
    public static String daemonWithDeadline(String subject, String deadline) {
        return subject + " is a daemon and has " + deadline + ", but a daemon is never asked to stop, so it has no"
                + " stop to time; remove daemon to check how fast it stops, or the deadline.";
    }

    public static ProcessDeclaration read(SpawnedProcess annotation, String element, String defaultName,
            Optional<String> stopsWithin, Settings settings) {
        return read(ProcessOptions.of(annotation), "@SpawnedProcess " + element, element, defaultName, stopsWithin,
                settings);
    }

    /**
     * Reads a declaration from options however they were written.
     *
     * @param options the options
     * @param subject how a message starts, such as {@code @SpawnedProcess field [ChildProcess WorkerTest.worker]}
     *     or {@code ProcessSpawner process [worker]}
     * @param element how a {@code @StopsWithin} message names the element
     * @param defaultName the name when the options give none
     * @param stopsWithin the nearest {@code @StopsWithin} value, if any
     * @param settings the run-wide defaults
     * @return the declaration
     * @throws DeclarationException for a declaration that cannot work
     */
    public static ProcessDeclaration read(ProcessOptions options, String subject, String element, String defaultName,
            Optional<String> stopsWithin, Settings settings) {
        return new DeclarationReader(element, subject).read(options, defaultName, stopsWithin, settings);
    }

    private ProcessDeclaration read(ProcessOptions a, String defaultName, Optional<String> stopsWithin,
            Settings settings) {
        ProcessDeclaration.LaunchTarget target = target(a, settings.javaQuickStart());
        if (a.daemon() && !a.stopEvent().isBlank()) {
            // setting a shared event asks every process attached to it; a daemon is never asked (README)
            throw fail("is a daemon and names stopEvent [" + a.stopEvent().trim() + "], but a daemon is never asked"
                    + " to stop; remove daemon to stop it with the others, or stopEvent to end it only at cleanup.",
                    true);
        }
        String name = a.name().isBlank() ? defaultName : a.name().trim();
        noNul("name", name);
        StopMethod stopMethod = a.stopMethod() != StopMethod.DEFAULT ? a.stopMethod()
                : target.isJava() ? StopMethod.EVENT : StopMethod.SIGTERM;
        stopLine(a.stopLine(), stopMethod);
        ProcessDeclaration.Readiness readiness = new ProcessDeclaration.Readiness(
                readyPattern(a.readyWhen()),
                port(a.readyOnPort()),
                a.readyFile(),
                duration("readyTimeout", a.readyTimeout(), settings.readyTimeout()),
                settings.anyPortListener());
        return new ProcessDeclaration(
                name,
                subject,
                target,
                env(a.env()),
                workingDir(a.workingDir()),
                a.autoStart(),
                a.daemon(),
                stopMethod,
                a.stopLine(),
                a.stopEvent().trim(),
                duration("stopTimeout", a.stopTimeout(), settings.stopTimeout()),
                duration("killTimeout", a.killTimeout(), settings.killTimeout()),
                readiness,
                a.echo() || settings.echo(),
                outputBufferBytes(a.outputBufferKiB(), settings),
                stopsWithin.map(text -> Durations.parse(text).orElseThrow(() -> fail(
                        stopsWithinNotADuration(text, element), false))),
                settings.cgroupLayer(),
                settings.prespawn());
    }

    private ProcessDeclaration.LaunchTarget target(ProcessOptions a, boolean quickStart) {
        boolean hasMain = a.main() != void.class;
        boolean hasCommand = a.command().length > 0;
        if (hasMain && hasCommand) {
            throw fail("declares both main and command; keep one.", true);
        }
        if (!hasMain && !hasCommand) {
            throw fail("declares neither main nor command; name a main class or a command to run.", true);
        }
        List<String> args = List.of(a.args());
        List<String> jvmArgs = List.of(a.jvmArgs());
        noNul("an args entry", args);
        noNul("a jvmArgs entry", jvmArgs);
        if (hasMain) {
            checkJvmArgs(jvmArgs);
            JavaTarget.check(a.main()).ifPresent(problem -> {
                throw fail("names main class [" + a.main().getName() + "], which " + problem + ".", true);
            });
            return new ProcessDeclaration.LaunchTarget(a.main(), List.of(), args,
                    quickStart ? JavaTarget.withQuickStart(jvmArgs) : jvmArgs);
        }
        if (!jvmArgs.isEmpty()) {
            throw fail("declares jvmArgs for a command; jvmArgs apply only to main targets, so move them into the"
                    + " command.", true);
        }
        // an empty argument is a word like any other (sh -c 'script' '', printf '%s' ''), as it is in args: only the
        // executable must be named
        if (a.command()[0].isBlank()) {
            throw fail("has a blank executable [" + a.command()[0] + "] first in command; name the program to run"
                    + " first.", true);
        }
        noNul("a command entry", List.of(a.command()));
        String executable = a.command()[0];
        Optional<Path> found = Executables.find(executable, workingDir(a.workingDir()));
        if (found.isEmpty()) {
            throw fail("runs [" + executable + "], which is not an executable file nor found on PATH; install it"
                    + " or give its full path.", true);
        }
        List<String> command = new ArrayList<>(List.of(a.command()));
        // Windows: npm found as npm.cmd is launched by that path, which CreateProcess would not find by itself
        command.set(0, Executables.launchable(executable, found));
        return new ProcessDeclaration.LaunchTarget(null, List.copyOf(command), args, jvmArgs);
    }

    /**
     * Refuses a word the java launcher would take for the main class, where it would fail with "Could not find or
     * load main class": a blank one, or one that does not start with {@code -} (nor {@code @}, an argument file)
     * and is not the value of the option before it. An option that takes the next word as its value must not be
     * last, or it would take the main class.
     */
    private void checkJvmArgs(List<String> jvmArgs) {
        boolean isValue = false;
        for (String arg : jvmArgs) {
            if (!isValue && (RUN_OTHER.contains(arg) || arg.startsWith("--module="))) {
                // java would run the jar or module in place of the main class, which it would take for an argument
                throw fail("has a jvmArgs entry [" + arg + "], with which java would run a jar or module instead of"
                        + " the main class; put the jar on the class path (-cp) and name its main class, or run it"
                        + " with command = {\"java\", \"" + arg + "\", ...}.", true);
            }
            if (!isValue && PRINT_AND_EXIT.contains(arg)) {
                throw fail("has a jvmArgs entry [" + arg + "], with which java prints and exits without running the"
                        + " main class; remove it, or run it with command = {\"java\", \"" + arg + "\"}.", true);
            }
            if (!isValue && arg.isBlank()) {
                throw fail("has a blank jvmArgs entry [" + arg + "], which java would take for the main class;"
                        + " remove it.", true);
            }
            if (!isValue && !arg.startsWith("-") && !arg.startsWith("@")) {
                throw fail("has a jvmArgs entry [" + arg + "] that neither starts with - nor follows an option that"
                        + " takes the next entry as its value (such as -cp), so java would take it for the main"
                        + " class; start it with - or remove it.", true);
            }
            isValue = !isValue && TAKE_NEXT_WORD.contains(arg);
        }
        if (isValue) {
            throw fail("has jvmArgs ending with [" + jvmArgs.get(jvmArgs.size() - 1) + "], which takes the next"
                    + " entry as its value, so java would take the main class for it; add its value after it or"
                    + " remove it.", true);
        }
    }

    private Map<String, String> env(String[] entries) {
        Map<String, String> env = new LinkedHashMap<>();
        noNul("env entry", List.of(entries));
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw fail("has env entry [" + entry + "], which is not KEY=value; write it as KEY=value.", true);
            }
            String key = entry.substring(0, equals);
            if (ChildEnvironment.RESERVED.contains(key)) {
                throw fail("has env entry [" + entry + "], which sets " + key + ", a variable Childproof gives every"
                        + " process itself (the cleanup and the stop event depend on it); remove the entry.", true);
            }
            String earlier = env.put(key, entry.substring(equals + 1));
            if (earlier != null) {
                throw fail("has env entries [" + key + "=" + earlier + "] and [" + entry + "], which set " + key
                        + " twice; keep one.", true);
            }
        }
        return Map.copyOf(env);
    }

    /** A stop line is written by {@code STDIN_LINE} only, as one line. */
    private void stopLine(String line, StopMethod stopMethod) {
        if (!line.equals(DEFAULT_STOP_LINE) && stopMethod != StopMethod.STDIN_LINE) {
            throw fail("declares stopLine [" + line + "], but its stopMethod is " + stopMethod + ", which writes no"
                    + " line; set stopMethod = STDIN_LINE, or remove stopLine.", true);
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw fail("declares stopLine [" + line.replace("\n", "\\n").replace("\r", "\\r") + "], which is more"
                    + " than one line; give one line, without \\n or \\r.", true);
        }
    }

    private Path workingDir(String dir) {
        if (dir.isBlank()) {
            return null;
        }
        noNul("workingDir", dir);
        Path path = Paths.get(dir);
        if (!Files.isDirectory(path)) {
            if (dir.startsWith("~")) { // a shell's home, which no shell expands here
                throw fail("names workingDir [" + dir + "], which starts with ~, a shell's shorthand that nothing"
                        + " expands here; give the path itself, e.g. System.getProperty(\"user.home\") and the rest.",
                        true);
            }
            throw fail("names workingDir [" + dir + "], which is not an existing directory; create it or fix the"
                    + " path.", true);
        }
        return path;
    }

    /**
     * Refuses a NUL character, which no process can be given: the JDK would refuse it only at launch, with a message
     * that names neither the declaration nor the fix.
     */
    private void noNul(String what, List<String> values) {
        values.forEach(value -> noNul(what, value));
    }

    private void noNul(String what, String value) {
        if (value.indexOf('\0') >= 0) {
            throw fail("has " + what + " [" + value.replace("\0", "\\0") + "] with a NUL character, which no process"
                    + " can be given; remove it.", true);
        }
    }

    private Duration duration(String attribute, String text, Duration fallback) {
        if (text.isBlank()) {
            return fallback;
        }
        return Durations.parse(text).orElseThrow(() -> fail("has " + attribute + " [" + text
                + "], which is not a duration; write it like 500ms, 2s, 1m or PT2S.", true));
    }

    private Pattern readyPattern(String regex) {
        if (regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw fail("has readyWhen [" + regex + "], which is not a regular expression (" + e.getDescription()
                    + " near index " + e.getIndex() + "); fix the pattern.", true);
        }
    }

    private int outputBufferBytes(int kib, Settings settings) {
        if (kib < 0 || kib > SettingsReader.MAX_OUTPUT_BUFFER_KIB) {
            throw fail("has outputBufferKiB [" + kib + "], which " + OUTPUT_BUFFER_RULE, true);
        }
        return kib > 0 ? kib * 1024 : settings.outputBufferBytes();
    }

    private int port(int port) {
        if (port < 0 || port > 65535) {
            throw fail("has readyOnPort [" + port + "], which is not a TCP port; use 1 to 65535, or 0 for none.",
                    true);
        }
        return port;
    }

    private DeclarationException fail(String rest, boolean prefixed) {
        return new DeclarationException(prefixed ? subject + " " + rest : rest);
    }
}
