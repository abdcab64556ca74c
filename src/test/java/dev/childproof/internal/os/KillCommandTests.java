package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signals other than SIGTERM and SIGKILL before Java 22 go through the {@code kill} program, whose spawn can fail
 * for a moment (EAGAIN at a process limit, ENOMEM on a loaded machine): one failed run would lose the signal without
 * a word. Real processes; a stand-in {@code kill} that fails as often as told, then runs the real one.
 */
@DisplayName("Signals through the kill program: a failed run is tried again, and a lost signal is said")
@EnabledOnOs({OS.LINUX, OS.MAC})
class KillCommandTests {

    @TempDir
    Path dir;

    @Test
    void aKillThatFailsOnceIsRunAgainAndTheSignalArrives() throws Exception {
        List<String> kill = standInKill(1, "kill: fork failed: Resource temporarily unavailable");
        Process target = trapping("USR1", 7);
        try {
            assertThat(SignalSender.killCommand(kill, target.pid(), "USR1")).isTrue();
            assertThat(target.waitFor(30, TimeUnit.SECONDS)).as("the target took the signal").isTrue();
            assertThat(target.exitValue()).isEqualTo(7);
            assertThat(runs()).isEqualTo(2);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    @ResourceLock(Resources.SYSTEM_ERR)
    void aKillThatKeepsFailingIsTriedAFewTimesThenTheLossIsSaidOnStandardError() throws Exception {
        List<String> kill = standInKill(99, "kill: fork failed: Resource temporarily unavailable");
        Process target = trapping("USR1", 7);
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            assertThat(SignalSender.killCommand(kill, target.pid(), "USR1")).isFalse();
        } finally {
            System.setErr(err);
            target.destroyForcibly();
        }
        assertThat(runs()).isEqualTo(SignalSender.KILL_ATTEMPTS);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("childproof: warning: SIGUSR1 was not sent to pid "
                + target.pid() + ": /bin/sh " + kill.get(1) + " -s USR1 " + target.pid() + " exited with 1 (kill: fork"
                + " failed: Resource temporarily unavailable).");
    }

    @Test
    void aRefusalIsNotTriedAgain() throws Exception {
        List<String> kill = standInKill(99, "kill: (1) - Operation not permitted");
        Process target = trapping("USR1", 7);
        try {
            assertThat(SignalSender.killCommand(kill, target.pid(), "USR1")).isFalse();
            assertThat(runs()).isEqualTo(1);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void aProcessGoneIsNotTriedAgain() throws Exception {
        List<String> kill = standInKill(0, "");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        assertThat(SignalSender.killCommand(kill, gone.pid(), "USR1")).isFalse();
        assertThat(runs()).isEqualTo(1);
    }

    /** A {@code kill} that counts its runs, fails the first {@code failures} of them saying so, then runs kill. */
    private List<String> standInKill(int failures, String saying) throws IOException {
        Path script = dir.resolve("kill");
        Files.writeString(script, "n=$(cat \"$0.runs\" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \"$0.runs\"\n"
                + "if [ $n -le " + failures + " ]; then echo '" + saying + "' >&2; exit 1; fi\n"
                + "exec kill \"$@\"\n");
        return List.of("/bin/sh", script.toString());
    }

    private int runs() throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("kill.runs")).strip());
    }

    /** A shell that exits with the code on the signal, once it has said it traps it. */
    private static Process trapping(String signal, int code) throws IOException {
        Process shell = new ProcessBuilder("sh", "-c", "trap 'exit " + code + "' " + signal + "; echo trapping;"
                + " while :; do sleep 0.05; done").start();
        var lines = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("trapping");
        return shell;
    }
}
