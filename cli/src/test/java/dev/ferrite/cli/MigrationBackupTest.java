package dev.ferrite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.fixtures.Customer;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy {@code ferrite migrate} keeps: the heap's exact bytes, beside the real file, found again by verify. */
class MigrationBackupTest {
    @TempDir
    Path dir;

    @Test
    void aHeapReachedThroughALinkIsCopiedBesideTheRealFileAndRestoredThere() throws IOException {
        Path real = Files.createDirectories(dir.resolve("data")).resolve("app.heap");
        try (Heap heap = Heap.open(real, HeapOptions.builder().capacity(8 << 20).build())) {
            heap.root("main", Customer.class).id(42);
            heap.commit();
        }
        Path link = Files.createSymbolicLink(dir.resolve("link.heap"), real);
        // Held open for writing, as by the migration: the file then holds exactly the last commit.
        Heap open = Heap.open(link);
        Path backup;
        try {
            backup = MigrationBackup.save(link);
        } finally {
            open.close();
        }
        assertEquals(real.getParent(), backup.getParent(), "beside the file whose log the heap has");
        assertTrue(backup.getFileName().toString().startsWith("app.heap" + MigrationBackup.SUFFIX), backup.toString());
        assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(backup));
        assertEquals(Files.size(real), Files.size(backup));
        assertTrue(MigrationBackup.howToRestore(backup, link).contains(": mv " + backup + " " + real),
                MigrationBackup.howToRestore(backup, link));
        assertEquals(List.of(backup), MigrationBackup.existing(link));
        assertEquals(List.of(backup), MigrationBackup.existing(real));
    }

    @Test
    void pathsThatAreNoPlainShellWordsAreQuoted() {
        assertEquals("/tmp/app.heap", MigrationBackup.quote(Path.of("/tmp/app.heap")));
        assertEquals("'/tmp/my heaps/it'\\''s.heap'", MigrationBackup.quote(Path.of("/tmp/my heaps/it's.heap")));
    }
}
