package dev.childproof;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one child process on a field (instance or static) or a test-method parameter of type
 * {@link ChildProcess}.
 *
 * <p>Lifecycle follows the declaration: a static field holds one process per test class, launched before
 * {@code @BeforeAll} methods and ended after {@code @AfterAll} methods; an instance field or a parameter holds one
 * process per test, launched before {@code @BeforeEach} methods and ended after {@code @AfterEach} methods.
 * Under {@code @TestInstance(PER_CLASS)} an instance field holds one process for the class, launched before
 * {@code @BeforeAll}. {@code @Nested} tests see the processes of their enclosing classes alive; each invocation of
 * a {@code @ParameterizedTest} or {@code @RepeatedTest} is a test of its own, with fresh processes; the dynamic
 * tests of a {@code @TestFactory} share the processes of the factory method, ended after the last of them. A
 * parameter of a {@code @BeforeAll} or {@code @BeforeEach} method lives for the class or the test respectively;
 * constructor parameters are not supported.
 *
 * <p>Ending climbs the stop ladder: set the stop event and wait up to the stop timeout, then SIGTERM the process
 * and its descendants and wait up to the kill timeout, then SIGKILL the whole tree.
 *
 * <p>Exactly one of {@link #main()} and {@link #command()} names what to run. The annotation may also be used as
 * a meta-annotation on a composed annotation of the user's own, at any depth. An attribute of the composed
 * annotation with the same name and type as an attribute here overrides it, always, its default included (so the
 * composed annotation keeps its defaults in its own attributes); other attributes are ignored, and one with a name
 * from here but another type is an error. Messages name the composed annotation as written.
 *
 * <pre>{@code
 * @Target({ElementType.FIELD, ElementType.PARAMETER})
 * @Retention(RetentionPolicy.RUNTIME)
 * @SpawnedProcess(command = {"python3", "-u", "worker.py"}, readyWhen = "ready", stopMethod = StopMethod.EVENT)
 * @interface PythonWorker {
 *     String[] args() default {};   // @PythonWorker(args = "--fast") overrides
 * }
 * }</pre>
 *
 * <pre>{@code
 * @SpawnedProcess(main = Worker.class, args = "--fast") ChildProcess worker;
 * @SpawnedProcess(command = {"python3", "worker.py"}) static ChildProcess sleeper;
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SpawnedProcessExtension.class)
public @interface SpawnedProcess {

    /**
     * A class to run in a fresh JVM (the test JVM's own {@code java}, class path and module path): its
     * {@code public static void main(String[])} (on Java 25 and later, any {@code main} the {@code java} launcher
     * runs, an instance {@code void main()} too), or, when it implements {@link ProcessTask}, its
     * {@link ProcessTask#run(TaskContext)}. A class with neither is refused before anything is launched.
     *
     * @return the class; {@code void.class} when {@link #command()} is used
     */
    Class<?> main() default void.class;

    /**
     * An executable and its arguments, run directly (never through a shell unless the command names one). The
     * executable is looked up on the test JVM's {@code PATH} when it has no directory part, as
     * {@link ProcessBuilder} does; a {@code PATH} set in {@link #env()} reaches the process but is not searched.
     *
     * @return the command line; empty when {@link #main()} is used
     */
    String[] command() default {};

    /**
     * Arguments appended to the command line (after the main class for {@link #main()} targets).
     *
     * @return the arguments
     */
    String[] args() default {};

    /**
     * Options for the child JVM, placed before the main class; only for {@link #main()} targets. Each entry starts
     * with {@code -} (or {@code @}, an argument file), except the value of an option the java launcher takes as the
     * next word ({@code -cp}, {@code -classpath}, {@code --class-path}, {@code -p}, {@code --module-path},
     * {@code --upgrade-module-path}, {@code --add-modules}, {@code --enable-native-access}, {@code --limit-modules},
     * {@code --add-exports}, {@code --add-opens}, {@code --add-reads}, {@code --patch-module}); any other entry,
     * a blank one, or such an option left without its value, would be taken for the main class, and is refused
     * before launch.
     *
     * @return the JVM options
     */
    String[] jvmArgs() default {};

    /**
     * Extra environment entries, each {@code "KEY=value"}, on top of the test JVM's environment. A name given twice
     * is refused before anything is launched.
     *
     * @return the entries
     */
    String[] env() default {};

    /**
     * The working directory; empty for the test JVM's own. It must exist.
     *
     * @return the directory, or empty
     */
    String workingDir() default "";

    /**
     * The name used in messages, logs and {@code CHILDPROOF_NAME}; empty for the field or parameter name.
     *
     * @return the name, or empty
     */
    String name() default "";

    /**
     * Whether the process is launched by the extension; {@code false} leaves it {@link ProcessState#NEW}.
     *
     * @return whether to launch
     */
    boolean autoStart() default true;

    /**
     * A daemon process is not asked to stop and not waited for: it is ended at cleanup (SIGKILL to its whole tree)
     * and never reported as a straggler, nor checked by {@link StopsWithin}. So it cannot name a shared
     * {@link #stopEvent()}, whose {@code set()} asks every process that names it: declaring both is an error.
     *
     * @return whether the process is a daemon
     */
    boolean daemon() default false;

    /**
     * How setting the stop event reaches the process.
     *
     * @return the stop method
     */
    StopMethod stopMethod() default StopMethod.DEFAULT;

    /**
     * The line written to standard input by {@link StopMethod#STDIN_LINE}: one line, without {@code \n} or
     * {@code \r}; another value with another stop method is an error, since nothing would write it.
     *
     * @return the line
     */
    String stopLine() default "stop";

    /**
     * The name of a stop event shared with every other process of the same scope that names it (the test, or the
     * test class for processes of static fields and {@code @BeforeAll} parameters: a class process and a test process
     * naming the same event do not share it); empty for a stop event of this process alone. A {@link #daemon()}
     * cannot name one.
     *
     * @return the shared event's name, or empty
     */
    String stopEvent() default "";

    /**
     * How long cleanup waits after setting the stop event before it sends SIGTERM, such as {@code "500ms"},
     * {@code "2s"}, {@code "1m"} or {@code "PT2S"}; empty for the configured default
     * ({@code childproof.stop.timeout}, 5s).
     *
     * @return the duration text, or empty
     */
    String stopTimeout() default "";

    /**
     * How long cleanup waits after SIGTERM before it sends SIGKILL; empty for the configured default
     * ({@code childproof.kill.timeout}, 2s).
     *
     * @return the duration text, or empty
     */
    String killTimeout() default "";

    /**
     * A regular expression; the process is ready when a line of its output (either stream) contains a match
     * ({@link java.util.regex.Matcher#find()}; anchor it, {@code ^ready$}, to match the whole line). Lines are matched
     * whole however the pipe delivered them (a line longer than 1 MiB in its pieces of 1 MiB, as
     * {@link ProcessOutput} says), each as it arrives, so a ready line is never missed however much output comes
     * before it.
     *
     * @return the pattern, or empty
     */
    String readyWhen() default "";

    /**
     * A loopback TCP port; the process is ready when a socket listens on it at {@code 127.0.0.1}, {@code ::1} (a
     * server that binds {@code localhost} may listen there only) or a wildcard address. On Linux that is read from
     * {@code /proc/net/tcp} and {@code /proc/net/tcp6}, without connecting, so a server that serves one connection
     * keeps it for the test and a server's log shows no probe; and the socket counts only when the process holds
     * it, or when no process that was running before it holds it (a process started later made it: one the process
     * started, a container engine's port proxy), as {@code /proc/<pid>/fd} tells. So a server that was on the port
     * before the process (a stale one, another test's) does not make it ready, and the failure names that server. A
     * socket whose holders the test JVM cannot see (another user's processes, or ones outside its pid namespace)
     * counts while it listens. For a program that has an older daemon listen on its behalf ({@code adb forward},
     * {@code ssh -O forward}), the configuration parameter {@code childproof.ready.port.listener=any} makes any
     * listener count. Elsewhere the check connects to {@code 127.0.0.1}, then {@code ::1}, and closes the connection
     * at once; any process listening there counts. 0 for none.
     *
     * @return the port, or 0
     */
    int readyOnPort() default 0;

    /**
     * Whether the process is ready only once it creates the file named by {@code CHILDPROOF_READY_FILE}.
     *
     * @return whether to wait for the ready file
     */
    boolean readyFile() default false;

    /**
     * How long to wait for readiness; empty for the configured default ({@code childproof.ready.timeout}, 30s).
     * The test starts only once every auto-started process is ready; a process that exits first, or is not ready
     * in time, fails it with a {@link ProcessNotReadyException}.
     *
     * @return the duration text, or empty
     */
    String readyTimeout() default "";

    /**
     * Whether each output line is echoed to the test's console as it arrives, prefixed with {@code [name] }
     * (standard error lines to {@code System.err}); {@code childproof.output.echo=true} turns it on for every
     * process, and {@code echo = false} cannot turn it off again for one.
     *
     * @return whether to echo
     */
    boolean echo() default false;

    /**
     * How much of each stream is kept in memory, in KiB (the most recent part), from 1 to 1048576 (1 GiB); 0 for
     * the configured default ({@code childproof.output.buffer}, 1024 KiB). The log file always has everything.
     *
     * @return the bound in KiB, or 0
     */
    int outputBufferKiB() default 0;
}
