package dev.childproof.internal.stop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ParentStopEvent: the test side of a stop event")
class ParentStopEventTests {

    @Test
    void setCreatesTheStopFileThenRunsEveryDeliveryOnce() throws Exception {
        ParentStopEvent event = new ParentStopEvent("fleet");
        List<String> delivered = new CopyOnWriteArrayList<>();
        event.attach(() -> delivered.add("a"));
        event.attach(() -> delivered.add("b"));
        assertThat(event.isSet()).isFalse();
        assertThat(event.await(Duration.ofMillis(1))).isFalse();
        assertThat(event.stopFile()).doesNotExist();

        event.set();
        event.set();

        assertThat(event.stopFile()).exists();
        assertThat(delivered).containsExactly("a", "b");
        assertThat(event.isSet()).isTrue();
        assertThat(event.await(Duration.ZERO)).isTrue();
        assertThat(event).hasToString("StopEvent[fleet, set]");
        event.close();
    }

    /**
     * A child sets the event by making the stop file at the path it was given; the event looks for the file only
     * once the path was handed out, since before that no one knows where to make it.
     */
    @Test
    void aStopFileMadeAtTheHandedOutPathSetsTheEventAndTheEventStaysSetWhenItGoes() throws Exception {
        ParentStopEvent event = new ParentStopEvent("made by a child");
        List<String> delivered = new CopyOnWriteArrayList<>();
        event.attach(() -> delivered.add("delivered"));
        assertThat(event.isSet()).isFalse();

        Path made = event.stopFile();
        Files.createFile(made);

        assertThat(event.isSet()).isTrue();
        assertThat(event.await(Duration.ZERO)).isTrue();
        Files.delete(made);
        assertThat(event.isSet()).as("once seen, set for good").isTrue();
        assertThat(delivered).as("deliveries run only when this side sets the event").isEmpty();
        event.close();
    }

    @Test
    void aProcessAttachedAfterTheEventWasSetIsAskedAtOnce() {
        ParentStopEvent event = new ParentStopEvent("late");
        event.set();
        List<String> delivered = new CopyOnWriteArrayList<>();
        event.attach(() -> delivered.add("late"));
        assertThat(delivered).containsExactly("late");
        event.close();
    }

    @Test
    void theStopFileLivesInAnOwnerOnlyDirectoryAndCloseRemovesIt() throws Exception {
        ParentStopEvent event = new ParentStopEvent("private");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(event.stopFile().getParent())))
                .isEqualTo("rwx------");
        event.set();
        event.close();
        assertThat(event.stopFile()).doesNotExist();
        assertThat(event.isSet()).as("stays set for whoever holds it").isTrue();
    }

    @Test
    void theStopFileIsAHardLinkOfTheRunDirectorysOneEmptyFile() throws Exception {
        ParentStopEvent one = new ParentStopEvent("one");
        ParentStopEvent two = new ParentStopEvent("two");
        one.set();
        two.set();
        Object target = Files.getAttribute(one.stopFile().resolveSibling(RunDirectory.LINK_TARGET), "unix:ino");
        assertThat(Files.getAttribute(one.stopFile(), "unix:ino")).isEqualTo(target);
        assertThat(Files.getAttribute(two.stopFile(), "unix:ino")).isEqualTo(target);
        assertThat((int) Files.getAttribute(one.stopFile(), "unix:nlink")).isGreaterThanOrEqualTo(3);
        assertThat(one.stopFile()).isEmptyFile();
        one.close();
        two.close();
        assertThat(one.stopFile()).doesNotExist();
        assertThat(one.stopFile().resolveSibling(RunDirectory.LINK_TARGET)).as("the link target stays").exists();
    }

    @Test
    void aFileThatCannotBeLinkedIsLeftToTheCaller(@TempDir Path elsewhere) throws Exception {
        assertThat(RunDirectory.instance().link(elsewhere.resolve("stop-1"))).as("no link target there").isFalse();
        assertThat(elsewhere.resolve("stop-1")).doesNotExist();
        Files.createFile(elsewhere.resolve(RunDirectory.LINK_TARGET));
        Files.createFile(elsewhere.resolve("stop-2"));
        assertThat(RunDirectory.instance().link(elsewhere.resolve("stop-2"))).as("there already").isTrue();
    }

    @Test
    void everyEventHasItsOwnFile() {
        ParentStopEvent one = new ParentStopEvent("one");
        ParentStopEvent two = new ParentStopEvent("two");
        assertThat(one.stopFile()).isNotEqualTo(two.stopFile());
        assertThat(one.stopFile().getParent()).isEqualTo(two.stopFile().getParent());
    }
}
