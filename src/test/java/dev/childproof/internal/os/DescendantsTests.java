package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Descendants of a process: Linux walks the children lists and finds what the JDK's full scan finds")
@EnabledOnOs(OS.LINUX)
class DescendantsTests {

    private final OperatingSystem linux = new LinuxOperatingSystem();

    @Test
    void findsChildrenAndGrandchildren() throws Exception {
        // sh -> (sleep, sh -> sleep): two children and a grandchild
        Process root = new ProcessBuilder("sh", "-c", "sleep 30 & sh -c 'sleep 30 & wait' & wait").start();
        try {
            ProcessHandle handle = root.toHandle();
            await().atMost(Duration.ofSeconds(10)).until(() -> handle.descendants().count() == 3);
            List<Long> byScan = handle.descendants().map(ProcessHandle::pid).collect(Collectors.toList());

            assertThat(linux.descendantsOf(root.pid())).containsExactlyInAnyOrderElementsOf(byScan);
            assertThat(linux.descendantsOf(root.pid())).hasSize(3)
                    .containsAll(handle.children().map(ProcessHandle::pid).collect(Collectors.toList()));
        } finally {
            root.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly().waitFor();
        }
    }

    @Test
    void findsNoneOfAProcessWithoutChildrenNorOfAGoneOne() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        long pid = sleeper.pid();
        try {
            assertThat(linux.descendantsOf(pid)).isEmpty();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        assertThat(linux.descendantsOf(pid)).isEmpty();
    }
}
