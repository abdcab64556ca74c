package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Launch registry: a live launch of another scope is known without a look at the process")
class LaunchRegistryTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @Test
    void aPidIsAnotherScopesLaunchOnlyWhileThatProcessIsUnreaped() throws Exception {
        LaunchRegistry registry = new LaunchRegistry(OS);
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        LaunchRecord record = new LaunchRecord(ProcessIdentity.of(OS, sleeper.pid()).orElseThrow(), "run.7", "sleeper");
        try {
            registry.add(record, sleeper);

            assertThat(registry.isLaunchOfAnother(sleeper.pid(), Set.of("run.8"))).isTrue();
            assertThat(registry.isLaunchOfAnother(sleeper.pid(), Set.of("run.7", "run.8"))).isFalse();
            sleeper.destroyForcibly().waitFor();
            // reaped: its pid may name a new process now, so it must be looked at
            assertThat(registry.isLaunchOfAnother(sleeper.pid(), Set.of("run.8"))).isFalse();
        } finally {
            sleeper.destroyForcibly();
            registry.remove(record);
        }
        assertThat(registry.isLaunchOfAnother(sleeper.pid(), Set.of("run.8"))).isFalse();
    }
}
