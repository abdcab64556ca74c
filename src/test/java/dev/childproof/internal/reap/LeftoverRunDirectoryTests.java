package dev.childproof.internal.reap;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.stop.RunDirectory;
import dev.childproof.testkit.FakeProcessTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The start-up sweep of run directories left in the temporary directory by test JVMs killed with their watchdog:
 * directories named for their maker (pid, start time, pid namespace), in a temporary directory of the test's own.
 */
@DisplayName("Cleanup: the start-up sweep removes the run directories of test JVMs that are gone, and only those")
class LeftoverRunDirectoryTests {

    private static final OperatingSystem OS = OperatingSystem.current();

    @TempDir
    Path tmp;

    private final List<String> report = new CopyOnWriteArrayList<>();
    private String namespace;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(RunDirectory.Maker.thisJvm().isPresent(), "no pid namespace or start time to be read here");
        namespace = RunDirectory.Maker.thisJvm().get().pidNamespace();
    }

    @Test
    void thisJvmsRunDirectoryIsNamedForIt() {
        Path own = RunDirectory.instance().newFile("probe").getParent();
        assertThat(RunDirectory.Maker.of(own.getFileName().toString())).isEqualTo(RunDirectory.Maker.thisJvm());
    }

    @Test
    void removesTheDirectoryOfAGoneJvmWithWhatIsInItButNothingItLinksTo() throws Exception {
        Path outside = Files.writeString(Files.createDirectory(tmp.resolve("outside")).resolve("kept"), "kept");
        Path left = Files.createDirectory(tmp.resolve(name(goneJvm(namespace))));
        Files.writeString(left.resolve("stop-1"), "");
        Files.createDirectory(left.resolve("launch-1-1"));
        Files.writeString(left.resolve("launch-1-1").resolve("script"), "exit 0");
        Files.createSymbolicLink(left.resolve("link"), outside.getParent());

        assertThat(sweep(OS)).containsExactly(left);

        assertThat(left).doesNotExist();
        assertThat(outside).hasContent("kept");
        assertThat(report).containsExactly("childproof: removed 1 run directory in " + tmp + ", left by earlier test"
                + " runs whose JVMs are gone");
    }

    @Test
    void removesTheDirectoryOfAJvmWhosePidNamesALaterProcessNow() throws Exception {
        FakeProcessTable table = new FakeProcessTable();
        table.put(4000, 9000, "postgres");
        Path left = Files.createDirectory(tmp.resolve(name(new RunDirectory.Maker(4000, 5000, namespace))));

        assertThat(sweep(table)).containsExactly(left);
    }

    @Test
    void keepsTheDirectoryOfALiveJvm() throws Exception {
        Process live = new ProcessBuilder("sleep", "300").start();
        try {
            Path kept = Files.createDirectory(tmp.resolve(name(new RunDirectory.Maker(live.pid(),
                    OS.startTime(live.pid()).orElseThrow(), namespace))));
            Path own = Files.createDirectory(tmp.resolve(name(RunDirectory.Maker.thisJvm().get())));

            assertThat(sweep(OS)).isEmpty();

            assertThat(kept).isDirectory();
            assertThat(own).isDirectory();
            assertThat(report).isEmpty();
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void keepsTheDirectoryOfAJvmWhosePidCannotBeReadNow() throws Exception {
        FakeProcessTable table = new FakeProcessTable();
        table.put(4000, 5000, "java");
        table.unreadable(4000, true);
        Path kept = Files.createDirectory(tmp.resolve(name(new RunDirectory.Maker(4000, 5000, namespace))));

        assertThat(sweep(table)).isEmpty();
        assertThat(kept).isDirectory();
    }

    @Test
    void keepsADirectoryNamedForAnotherPidNamespace() throws Exception {
        // a test JVM in a sandbox or container that shares the temporary directory: its pid, gone here, is one of
        // its own namespace, where it may well run
        Path kept = Files.createDirectory(tmp.resolve(name(goneJvm("1"))));

        assertThat(sweep(OS)).isEmpty();
        assertThat(kept).isDirectory();
    }

    @Test
    void keepsAnotherUsersDirectory() throws Exception {
        Path left = Files.createDirectory(tmp.resolve(name(goneJvm(namespace))));
        int user = (Integer) Files.getAttribute(left, "unix:uid");
        assumeTrue(user == 0, "only root can give a directory to another user");
        Files.setAttribute(left, "unix:uid", 65534);

        assertThat(sweep(OS)).isEmpty();
        assertThat(left).isDirectory();
    }

    @Test
    void keepsOlderNamesFilesAndLinks() throws Exception {
        RunDirectory.Maker gone = goneJvm(namespace);
        Path older = Files.createDirectory(tmp.resolve("childproof-0123456789ab-18041138773051953932"));
        Path file = Files.writeString(tmp.resolve(name(gone)), "");
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve(name(gone) + "1"), target);

        assertThat(sweep(OS)).isEmpty();

        assertThat(older).isDirectory();
        assertThat(file).isRegularFile();
        assertThat(link).isSymbolicLink();
        assertThat(target).isDirectory();
    }

    private List<Path> sweep(OperatingSystem os) {
        return new LeftoverSweep(os, RunCookie.current(), Containment.off(), report::add)
                .removeEarlierRunDirectories(tmp);
    }

    /** The name of a run directory its maker made. */
    private static String name(RunDirectory.Maker maker) {
        return maker.namePrefix("0123456789abcdef0123456789abcdef") + "42";
    }

    /** A maker of the pid namespace that has ended (and been reaped): a process started, killed and waited for. */
    private static RunDirectory.Maker goneJvm(String namespace) throws Exception {
        Process gone = new ProcessBuilder("sleep", "300").start();
        long start = OS.startTime(gone.pid()).orElseThrow();
        gone.destroyForcibly();
        gone.waitFor();
        return new RunDirectory.Maker(gone.pid(), start, namespace);
    }
}
