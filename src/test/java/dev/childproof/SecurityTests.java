package dev.childproof;

import dev.childproof.internal.reap.RunCookie;
import dev.childproof.internal.stop.RunDirectory;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Cleanup: cookies cannot be guessed, private files are private")
class SecurityTests {

    @Test
    void theCookieCarriesA128BitRandomRunIdAndTheTestJvmsPid() {
        String cookie = RunCookie.current().next();

        assertThat(cookie).matches("cp1\\.[0-9a-f]{32}\\.\\d+\\.\\d+");
        assertThat(RunCookie.issuingJvm(cookie)).contains(ProcessHandle.current().pid());
        assertThat(RunCookie.current().next()).isNotEqualTo(cookie).startsWith("cp1." + RunCookie.current().runId());
    }

    @Test
    void theRunDirectoryOfStopAndReadyFilesIsOwnerOnly() throws IOException {
        Path dir = RunDirectory.instance().newFile("probe").getParent();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void logFilesAreOwnerOnly() throws IOException {
        LogFileTestCase.logFile.set(null);
        ChildproofTestKit.executeTestClass(LogFileTestCase.class).hasTests(1, 0);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LogFileTestCase.logFile.get())))
                .isEqualTo("rw-------");
    }

    static class LogFileTestCase {
        static final AtomicReference<Path> logFile = new AtomicReference<>();

        @Test
        void writes(@SpawnedProcess(command = {"sh", "-c", "echo hello"}) ChildProcess hello) {
            hello.join();
            logFile.set(hello.output().logFile());
        }
    }
}
