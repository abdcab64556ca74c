package dev.childproof.testkit;

import dev.childproof.fixtures.RunTestClass;
import dev.childproof.internal.launch.ChildClassPath;
import org.awaitility.core.ConditionTimeoutException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Another test JVM, started with this JVM's {@code java} and class path, that runs one test class through the
 * launcher ({@link RunTestClass}); its output lines are collected by a drainer thread that ends with the JVM.
 */
public final class TestJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread drainer;

    private TestJvm(Process process) {
        this.process = process;
        drainer = new Thread(this::drain, "test-jvm-" + process.pid() + "-drainer");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Starts a JVM running the test class, with the given JVM options (such as system properties) if any. */
    public static TestJvm running(Class<?> testClass, String... jvmOptions) {
        return running(testClass.getName(), jvmOptions);
    }

    /** Starts a JVM running the test class of the given binary name, with the given JVM options if any. */
    public static TestJvm running(String testClass, String... jvmOptions) {
        return start(List.of(), testClass, ChildClassPath.of(RunTestClass.class), null, jvmOptions);
    }

    /**
     * Starts a JVM running the test class under a program that then runs the {@code java} command given to it (such
     * as {@code prlimit --nofile=1024}), with the given JVM options if any.
     */
    public static TestJvm runningUnder(List<String> wrapper, Class<?> testClass, String... jvmOptions) {
        return start(wrapper, testClass.getName(), ChildClassPath.of(RunTestClass.class), null, jvmOptions);
    }

    /**
     * Starts a JVM in the file system's root directory whose class path entries are relative to it, as a runner
     * that names them relative to the project gives them, running the test class.
     */
    public static TestJvm runningWithRelativeClassPath(Class<?> testClass) {
        String relative = Arrays.stream(ChildClassPath.of(RunTestClass.class).split(File.pathSeparator))
                .map(entry -> entry.replaceFirst("^/+", "")).collect(Collectors.joining(File.pathSeparator));
        return start(List.of(), testClass.getName(), relative, new File("/"));
    }

    /** Starts a JVM running a main class of the test class path with the given arguments. */
    public static TestJvm runningMain(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                ChildClassPath.of(mainClass), mainClass.getName()));
        command.addAll(List.of(args));
        return start(command, null);
    }

    private static TestJvm start(List<String> wrapper, String testClass, String classPath, File directory,
            String... jvmOptions) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(java(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath, RunTestClass.class.getName(), testClass));
        return start(command, directory);
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static TestJvm start(List<String> command, File directory) {
        try {
            Process process = new ProcessBuilder(command).directory(directory).redirectErrorStream(true).start();
            return new TestJvm(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the JVM ended
        }
    }

    /**
     * Waits for the JVM to exit and for its last line to be read.
     *
     * @return its exit code
     * @throws AssertionError when it has not exited within the timeout
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("test JVM " + process.pid() + " still runs after " + timeout + "; its lines: "
                    + String.join("\n", lines));
        }
        drainer.join(timeout.toMillis());
        return process.exitValue();
    }

    /** The JVM's process. */
    public Process process() {
        return process;
    }

    /** The lines it printed so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Waits for a line matching the pattern and returns the match (group 1 when there is one). A wait that times out
     * fails naming whether the JVM still runs and every line it printed, which a timeout alone would not say.
     */
    public String awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        try {
            return await("a line matching " + regex + " from test JVM " + process.pid()).atMost(timeout)
                    .until(() -> lines.stream().map(pattern::matcher).filter(Matcher::find)
                            .map(m -> m.groupCount() > 0 ? m.group(1) : m.group()).findFirst().orElse(null),
                            found -> found != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No line matching " + regex + " from test JVM " + process.pid() + " within "
                    + timeout.toSeconds() + " s; it " + (process.isAlive() ? "still runs"
                    : "exited with code " + process.exitValue()) + "; its lines: " + lines, e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
