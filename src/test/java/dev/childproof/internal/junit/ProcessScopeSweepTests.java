package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.testkit.ForwardingOperatingSystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Cleanup: a scope's sweep reads no process the JDK has reaped")
class ProcessScopeSweepTests {

    static class Holder {
        @SpawnedProcess(command = {"sleep", "300"})
        ChildProcess sleeper;
    }

    @TempDir
    Path dir;

    private final List<Long> environmentsRead = new CopyOnWriteArrayList<>();
    private final OperatingSystem os = new ForwardingOperatingSystem() {
        @Override
        public Optional<String> environmentVariable(long pid, String name) {
            environmentsRead.add(pid);
            return super.environmentVariable(pid, name);
        }
    };

    @Test
    void theSweepAfterAScopeDoesNotReadItsOwnReapedProcess() throws Exception {
        assumeTrue(os.readsEnvironments(), "no environment can be read here");
        ManagedProcess sleeper;
        try (ProcessScope scope = new ProcessScope(os, dir)) {
            sleeper = scope.create("sleeper", ScopeDeclarations.of(Holder.class, "sleeper", "sleeper"));
            sleeper.start();
            assertThat(sleeper.isAlive()).isTrue();
        }

        assertThat(sleeper.isAlive()).as("ended by the scope's close").isFalse();
        assertThat(environmentsRead).as("pids whose environment the sweep read").doesNotContain(sleeper.pid());
    }
}
