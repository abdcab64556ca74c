package dev.childproof;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Spawns any number of child processes from code, with the same options as {@link SpawnedProcess}. Every process
 * it spawns belongs to the scope the spawner was injected in and is ended with it, exactly like a declared one:
 * a test-method parameter or instance field spawns for one test (for the class under
 * {@code @TestInstance(PER_CLASS)}); a static field or a {@code @BeforeAll} parameter spawns for the class.
 *
 * <p>Injected into parameters and fields of type {@code ProcessSpawner} where Childproof is registered: in every
 * test of a class marked {@link Childproof @Childproof} or carrying {@link SpawnedProcess} or {@link StopsWithin} on
 * the class or on a field; in one test method alone when the annotation is on that method or its parameters (a
 * {@code @SpawnedProcess} or {@link SharedStopEvent} parameter). Anywhere else a field stays {@code null} and a
 * parameter has no resolver (JUnit's "No ParameterResolver registered"): put {@code @Childproof} on the class.
 *
 * <pre>{@code
 * @Test
 * void pool(ProcessSpawner spawner) {
 *     List<ChildProcess> workers = new ArrayList<>();
 *     for (int i = 0; i < 4; i++) {
 *         workers.add(spawner.main(Worker.class).args("--id", "" + i).name("worker-" + i).spawn());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: processes may be spawned from any thread while the scope is open; spawning after it ended is an
 * {@link IllegalStateException}.
 *
 * @since 0.1
 */
public interface ProcessSpawner {

    /**
     * Starts a builder for a Java target, as {@link SpawnedProcess#main()}.
     *
     * @param mainClass the class whose {@code main} (or {@link ProcessTask#run(TaskContext)}) runs in a fresh JVM
     * @return a new builder
     */
    Builder main(Class<?> mainClass);

    /**
     * Starts a builder for a command, as {@link SpawnedProcess#command()}; never run through a shell.
     *
     * @param command the executable and its arguments
     * @return a new builder
     */
    Builder command(String... command);

    /**
     * Every process this spawner has spawned in its scope, in order; a snapshot.
     *
     * @return every process this spawner has spawned in its scope, in order; a snapshot
     */
    List<ChildProcess> processes();

    /**
     * The options of one process; each method mirrors the {@link SpawnedProcess} attribute of the same name and
     * returns this builder, and {@link #spawn()} checks them exactly as the annotation is checked. A value no
     * process could take (a negative duration or size, a port outside 0 to 65535, an empty variable name, a null
     * argument) is refused at once by its setter, with an {@link IllegalArgumentException} naming the option; a null
     * option itself is a {@link NullPointerException} naming it. Not thread-safe; use one builder per process (one
     * builder may {@link #spawn()} several alike).
     */
    interface Builder {

        /**
         * Sets the {@code args} option.
         *
         * @param args arguments appended (replacing earlier ones); see {@link SpawnedProcess#args}
         * @return this builder
         */
        Builder args(String... args);

        /**
         * Sets the {@code jvmArgs} option.
         *
         * @param jvmArgs child JVM options, replacing earlier ones; see {@link SpawnedProcess#jvmArgs()}
         * @return this builder
         */
        Builder jvmArgs(String... jvmArgs);

        /**
         * Adds an environment entry; see {@link SpawnedProcess#env()}. A later call for the same name replaces the
         * value of an earlier one.
         *
         * @param key the variable name, not empty, without {@code =} or a NUL character
         * @param value the value, without a NUL character
         * @return this builder
         * @throws IllegalArgumentException for a name or value no process can be given
         */
        Builder env(String key, String value);

        /**
         * Sets the {@code workingDir} option.
         *
         * @param dir the working directory, which must exist; see {@link SpawnedProcess#workingDir()}
         * @return this builder
         */
        Builder workingDir(Path dir);

        /**
         * Sets the {@code name} option.
         *
         * @param name the name; by default the main class's simple name or the executable's file name
         * @return this builder
         */
        Builder name(String name);

        /**
         * Sets the {@code autoStart} option.
         *
         * @param autoStart {@code false} for a NEW handle; see {@link SpawnedProcess#autoStart}
         * @return this builder
         */
        Builder autoStart(boolean autoStart);

        /**
         * Sets the {@code daemon} option.
         *
         * @param daemon see {@link SpawnedProcess#daemon()}
         * @return this builder
         */
        Builder daemon(boolean daemon);

        /**
         * Sets the {@code stopMethod} option.
         *
         * @param stopMethod see {@link SpawnedProcess#stopMethod()}
         * @return this builder
         */
        Builder stopMethod(StopMethod stopMethod);

        /**
         * Sets the {@code stopLine} option.
         *
         * @param stopLine see {@link SpawnedProcess#stopLine()}
         * @return this builder
         */
        Builder stopLine(String stopLine);

        /**
         * Sets the {@code stopEvent} option.
         *
         * @param sharedName the shared stop event's name; see {@link SpawnedProcess#stopEvent()}
         * @return this builder
         */
        Builder stopEvent(String sharedName);

        /**
         * Sets the {@code stopTimeout} option.
         *
         * @param timeout see {@link SpawnedProcess#stopTimeout()}
         * @return this builder
         */
        Builder stopTimeout(Duration timeout);

        /**
         * Sets the {@code killTimeout} option.
         *
         * @param timeout see {@link SpawnedProcess#killTimeout()}
         * @return this builder
         */
        Builder killTimeout(Duration timeout);

        /**
         * Sets the {@code readyWhen} option.
         *
         * @param regex see {@link SpawnedProcess#readyWhen()}
         * @return this builder
         */
        Builder readyWhen(String regex);

        /**
         * Sets the {@code readyOnPort} option.
         *
         * @param port see {@link SpawnedProcess#readyOnPort()}
         * @return this builder
         */
        Builder readyOnPort(int port);

        /**
         * Sets the {@code readyFile} option.
         *
         * @param readyFile see {@link SpawnedProcess#readyFile()}
         * @return this builder
         */
        Builder readyFile(boolean readyFile);

        /**
         * Sets the {@code readyTimeout} option.
         *
         * @param timeout see {@link SpawnedProcess#readyTimeout()}
         * @return this builder
         */
        Builder readyTimeout(Duration timeout);

        /**
         * Sets the {@code echo} option.
         *
         * @param echo see {@link SpawnedProcess#echo()}
         * @return this builder
         */
        Builder echo(boolean echo);

        /**
         * Sets the {@code outputBufferKiB} option.
         *
         * @param kib see {@link SpawnedProcess#outputBufferKiB()}
         * @return this builder
         */
        Builder outputBufferKiB(int kib);

        /**
         * The deadline of {@link StopsWithin} for this process; without it the nearest {@code @StopsWithin} on the
         * spawner's field or parameter, the test method or the class applies.
         *
         * @param deadline the time allowed after the stop event is set
         * @return this builder
         */
        Builder stopsWithin(Duration deadline);

        /**
         * Checks the options, creates the process and, unless {@code autoStart(false)}, launches it and waits for
         * its readiness. Each call spawns another process.
         *
         * @return the handle, owned by the spawner's scope
         * @throws IllegalArgumentException for options that cannot work, in one sentence naming the process
         * @throws IllegalStateException when the spawner's scope has ended, or the operating system could not launch
         *     the process
         * @throws ProcessNotReadyException when the process exits before it is ready, or is not ready within its
         *     timeout; it is still ended with the scope
         */
        ChildProcess spawn();
    }
}
