package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * One scope cycle ({@code seq 1 20000}, {@code /bin/true}, or {@code sleep 30} stopped at the close, as
 * {@link ScopeCycle} runs it) behind a JDK interface, so that {@code dev.childproof.bench.TwoBuilds} can run the
 * cycle of several builds of the extension, each loaded by a class loader of its own, in one JVM.
 */
public final class BuildCycle implements LongSupplier {

    static final class Holder {
        @SpawnedProcess(command = {"seq", "1", "20000"})
        ChildProcess seq;

        @SpawnedProcess(command = "/bin/true")
        ChildProcess truth;

        @SpawnedProcess(command = {"sleep", "30"})
        ChildProcess sleeper;
    }

    private final ProcessDeclaration declaration;
    private final Path logs;
    private final boolean join;

    /**
     * @param field {@code seq}, {@code truth}, or {@code sleeper} (a {@code sleep 30} the scope's close stops, as in
     *     the suite of BENCHMARKS.md)
     */
    public BuildCycle(String field) throws Exception {
        declaration = ScopeCycle.declaration(Holder.class, field);
        join = !field.equals("sleeper");
        logs = Files.createTempDirectory("build-cycle");
    }

    /** Runs one cycle; returns its duration in nanoseconds. */
    @Override
    public long getAsLong() {
        return ScopeCycle.run(declaration, logs, process -> { }, join);
    }
}
