package dev.childproof.internal.watchdog;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Watchdog: removing the run directory of a killed test JVM")
class OwnedDirectoryTests {

    @TempDir
    Path tmp;

    @Test
    void removesTheDirectoryWithAllInItButNeverWhatALinkInItLeadsTo() throws IOException {
        Path run = Files.createDirectory(tmp.resolve("childproof-run"));
        Files.createFile(run.resolve("stop-1"));
        Files.createDirectories(run.resolve("launch-2/inner"));
        Files.createFile(run.resolve("launch-2/inner/script"));
        Path outsideFile = Files.writeString(tmp.resolve("outside-file"), "kept");
        Path outsideDir = Files.createDirectory(tmp.resolve("outside-dir"));
        Files.createFile(outsideDir.resolve("kept"));
        Files.createSymbolicLink(run.resolve("link-to-file"), outsideFile);
        Files.createSymbolicLink(run.resolve("link-to-dir"), outsideDir);
        OwnedDirectory owned = OwnedDirectory.of(run).orElseThrow();

        assertThat(owned.remove()).isTrue();

        assertThat(run).doesNotExist();
        assertThat(outsideFile).hasContent("kept");
        assertThat(outsideDir.resolve("kept")).exists();
    }

    @Test
    void removesNothingWhenThePathLeadsToAnotherDirectoryNow() throws IOException {
        Path run = Files.createDirectory(tmp.resolve("childproof-run"));
        OwnedDirectory owned = OwnedDirectory.of(run).orElseThrow();
        Files.move(run, tmp.resolve("moved")); // kept, so the new directory cannot get its inode
        Files.createDirectory(run);
        Files.createFile(run.resolve("someone-elses"));

        assertThat(owned.remove()).isFalse();
        assertThat(owned.isStillThere()).isFalse();

        assertThat(run.resolve("someone-elses")).exists();
    }

    @Test
    void removesNothingWhenThePathIsALinkNowEvenToTheDirectoryMade() throws IOException {
        Path run = Files.createDirectory(tmp.resolve("childproof-run"));
        OwnedDirectory owned = OwnedDirectory.of(run).orElseThrow();
        Path moved = Files.move(run, tmp.resolve("moved"));
        Files.createFile(moved.resolve("stop-1"));
        Files.createSymbolicLink(run, moved);

        assertThat(owned.remove()).isFalse();

        assertThat(moved.resolve("stop-1")).exists();
        assertThat(run).isSymbolicLink();
    }

    @Test
    void removesNothingOwnedByAnotherUserThanTheOneThatMadeIt() throws IOException {
        Path run = Files.createDirectory(tmp.resolve("childproof-run"));
        Files.createFile(run.resolve("stop-1"));
        OwnedDirectory made = OwnedDirectory.of(run).orElseThrow();
        OwnedDirectory otherOwner = new OwnedDirectory(made.path(), made.device(), made.inode(), made.owner() + 1);

        assertThat(otherOwner.remove()).isFalse();

        assertThat(run.resolve("stop-1")).exists();
    }

    @Test
    void travelsInOneAsciiLedgerLineWhateverItsPath() throws IOException {
        Path run = Files.createDirectory(tmp.resolve("child proof é"));
        OwnedDirectory owned = OwnedDirectory.of(run).orElseThrow();
        String line = owned.ledgerLine();

        assertThat(line).endsWith("\n").matches("\\p{ASCII}*");
        Ledger ledger = new Ledger();
        ledger.accept("D 1 2 3 file:///elsewhere/");
        ledger.accept(line.trim());
        ledger.accept("D 1 2 malformed");
        assertThat(ledger.runDirectory()).as("the last well-formed line counts").contains(owned);
        assertThat(ledger.size()).isZero();
    }
}
