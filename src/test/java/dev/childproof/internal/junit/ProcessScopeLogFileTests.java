package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Log files: one per process of a scope, named safely after it")
class ProcessScopeLogFileTests {

    static class Holder {
        @SpawnedProcess(command = {"sleep", "1"})
        ChildProcess worker;
    }

    @TempDir
    Path dir;

    @Test
    void unsafeCharactersBecomeUnderscores() {
        assertThat(ProcessScope.safeFileName("worker-1.v2_x")).isEqualTo("worker-1.v2_x");
        assertThat(ProcessScope.safeFileName("a b/c\\d:é")).isEqualTo("a_b_c_d__");
        assertThat(ProcessScope.safeFileName("")).isEmpty();
    }

    @Test
    void processesOfOneNameGetNumberedFiles() throws Exception {
        try (ProcessScope scope = new ProcessScope(OperatingSystem.current(), dir)) {
            Path first = scope.create("a", declaration("worker")).output().logFile();
            Path second = scope.create("b", declaration("worker")).output().logFile();
            Path third = scope.create("c", declaration("worker")).output().logFile();
            Path other = scope.create("d", declaration("web server")).output().logFile();
            assertThat(first).isEqualTo(dir.resolve("worker.log"));
            assertThat(second).isEqualTo(dir.resolve("worker-2.log"));
            assertThat(third).isEqualTo(dir.resolve("worker-3.log"));
            assertThat(other).isEqualTo(dir.resolve("web_server.log"));
        }
    }

    private static ProcessDeclaration declaration(String name) throws NoSuchFieldException {
        return ScopeDeclarations.of(Holder.class, "worker", name);
    }
}
