package dev.childproof.internal.launch;

import dev.childproof.StopMethod;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated declaration of one process: everything needed to launch, stop and watch it, with defaults already
 * applied. Built by {@link DeclarationReader} from an annotation or by the programmatic spawner's builder.
 *
 * @param name the process's name
 * @param source who declared it, for messages, such as {@code field [ChildProcess WorkerTest.worker]}
 * @param target what to run
 * @param env extra environment entries
 * @param workingDir the working directory, or null for the test JVM's
 * @param autoStart whether the extension launches it
 * @param daemon whether it is ended without being asked
 * @param stopMethod how the stop event reaches it (never {@link StopMethod#DEFAULT})
 * @param stopLine the line for {@link StopMethod#STDIN_LINE}
 * @param stopEventName the shared stop event's name, or empty for its own
 * @param stopTimeout rung 1 wait
 * @param killTimeout rung 2 wait
 * @param readiness when it counts as ready
 * @param echo whether output lines are echoed to the console
 * @param outputBufferBytes how much of each stream memory keeps
 * @param stopsWithin the {@code @StopsWithin} deadline, if any
 * @param cgroupLayer whether it gets a cgroup of its own where the system allows
 *     ({@code childproof.cleanup.cgroup})
 * @param prespawn whether it may be handed to a pre-spawned launcher ({@code childproof.launch.prespawn})
 */
public record ProcessDeclaration(
        String name,
        String source,
        LaunchTarget target,
        Map<String, String> env,
        Path workingDir,
        boolean autoStart,
        boolean daemon,
        StopMethod stopMethod,
        String stopLine,
        String stopEventName,
        Duration stopTimeout,
        Duration killTimeout,
        Readiness readiness,
        boolean echo,
        int outputBufferBytes,
        Optional<Duration> stopsWithin,
        boolean cgroupLayer,
        boolean prespawn) {

    /**
     * When a process counts as ready.
     *
     * @param linePattern a pattern a whole output line must match, or null
     * @param port a loopback port that must accept connections, or 0
     * @param readyFile whether the child must create its ready file
     * @param timeout how long to wait
     * @param anyListener whether any process's socket on the port counts, not only the process's own (or one of a
     *     process it started, or of one started after it)
     */
    public record Readiness(Pattern linePattern, int port, boolean readyFile, Duration timeout,
            boolean anyListener) {

        /** @return whether any readiness condition is declared */
        public boolean isDeclared() {
            return linePattern != null || port > 0 || readyFile;
        }
    }

    /**
     * What to run: either a Java class or a command.
     *
     * @param mainClass the Java class, or null for a command
     * @param command the executable and its arguments, for a command
     * @param args arguments appended
     * @param jvmArgs options for the child JVM
     */
    public record LaunchTarget(Class<?> mainClass, List<String> command, List<String> args, List<String> jvmArgs) {

        /** @return whether the target is a Java class */
        public boolean isJava() {
            return mainClass != null;
        }

        /** @return a short description for messages: the class name or the command line */
        public String describe() {
            return isJava() ? mainClass.getName() : String.join(" ", command);
        }
    }
}
