package dev.childproof;

import dev.childproof.Childproof;
import dev.childproof.ProcessSpawner;
import dev.childproof.testkit.ChildproofTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("ProcessSpawner: the default name of a command whose path has no file name")
class SpawnerDefaultNameTests {

    @Test
    void aCommandWithoutAFileNameIsRefusedInOneSentenceNotWithANullPointerException() {
        ChildproofTestKit.executeTestClass(RootTestCase.class).hasTests(1, 0);
    }

    @Childproof
    static class RootTestCase {
        @Test
        void root(ProcessSpawner spawner) {
            assertThatThrownBy(() -> spawner.command("/").spawn()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ProcessSpawner process [process] runs [/], which ");
            assertThatThrownBy(() -> spawner.command("/bin/sh\0x").spawn())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ProcessSpawner process [sh\0x] has ")
                    .hasMessageContaining("NUL character");
            assertThatThrownBy(() -> spawner.command("/bin/").spawn()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ProcessSpawner process [bin] runs [/bin/], which ");
            assertThat(spawner.processes()).isEmpty();
        }
    }
}
