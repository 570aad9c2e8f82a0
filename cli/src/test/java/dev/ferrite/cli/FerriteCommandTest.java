package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ferrite} command end to end on real heap files. */
class FerriteCommandTest {
    @TempDir
    Path dir;

    /** A heap with a map under root "counts" holding commit numbers 1..3 under key "commit". */
    private Path heapWithThreeCommits() {
        Path file = dir.resolve("counts.heap");
        try (Heap heap = Heap.open(file, HeapOptions.builder().retainVersions(5).build())) {
            PersistentSortedMap<String, Long> counts =
                    PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
            for (int i = 1; i <= 3; i++) {
                counts.putLong("commit", i);
                heap.commit();
            }
        }
        return file;
    }

    /** Reads the stored value read-only: a writer that retains nothing would prune the retained commits. */
    private static long storedCommit(Path file) {
        try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
            return PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG).getLong("commit", -1);
        }
    }

    @Test
    void infoListsRootsAndSpace() {
        Path file = heapWithThreeCommits();
        Run info = ferrite("info", file.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("roots     1"), info.out());
        assertTrue(info.out().contains("  counts"), info.out());
        assertTrue(info.out().contains("capacity  unbounded"), info.out());
        assertTrue(info.out().contains("size      1,048,576 bytes (grows as records need)"), info.out());
    }

    @Test
    void versionsListsRetainedCommitsAndRollbackReturnsToOne() {
        Path file = heapWithThreeCommits();
        Run versions = ferrite("versions", file.toString());
        assertEquals(0, versions.exitCode(), versions.err());
        String[] listed = versions.out().strip().split("\\R");
        assertTrue(listed.length >= 3, versions.out());
        long last = Long.parseLong(listed[listed.length - 1]);
        long earlier = Long.parseLong(listed[listed.length - 3]);
        assertEquals(3, storedCommit(file));

        Run rollback = ferrite("rollback", file.toString(), "--to", Long.toString(earlier));
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(1, storedCommit(file));
        assertTrue(!ferrite("versions", file.toString()).out().contains(Long.toString(last)));
    }

    @Test
    void rollbackToACommitThatIsNotRetainedIsAUsageErrorAndChangesNothing() {
        Path file = heapWithThreeCommits();
        Run rollback = ferrite("rollback", file.toString(), "--to", "999");
        assertEquals(2, rollback.exitCode());
        assertTrue(rollback.err().contains("does not retain commit 999"), rollback.err());
        assertEquals(3, storedCommit(file));
    }

    /**
     * A heap of the default write-ahead mode retains only its last commit; the tool lists that,
     * returns to it, refuses any other, and leaves the heap in its mode (a write in the undo mode
     * would replace the redo log by an undo log).
     */
    @Test
    void aWriteAheadHeapListsItsLastCommitAndStaysInItsMode() {
        Path file = dir.resolve("redo.heap");
        try (Heap heap = Heap.open(file)) {
            PersistentSortedMap<String, Long> counts =
                    PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
            for (int i = 1; i <= 3; i++) {
                counts.putLong("commit", i);
                heap.commit();
            }
        }
        Path redoLog = dir.resolve("redo.heap.fams-redo");
        assertTrue(Files.exists(redoLog));
        Run versions = ferrite("versions", file.toString());
        assertEquals(0, versions.exitCode(), versions.err());
        String last = versions.out().strip();
        assertTrue(last.matches("\\d+"), "one commit listed: " + versions.out());
        assertEquals(2, ferrite("rollback", file.toString(), "--to", Long.toString(Long.parseLong(last) - 1)).exitCode());
        Run rollback = ferrite("rollback", file.toString(), "--to", last);
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(3, storedCommit(file));
        assertTrue(Files.exists(redoLog) && !Files.exists(dir.resolve("redo.heap.fams-log")), "still write-ahead");
    }

    @Test
    void aFileThatIsNotAHeapIsUnreadable() throws IOException {
        Path garbage = dir.resolve("garbage.heap");
        byte[] bytes = new byte[64 * 1024];
        new Random(1).nextBytes(bytes);
        Files.write(garbage, bytes);
        Run info = ferrite("info", garbage.toString());
        assertEquals(3, info.exitCode());
        assertTrue(info.err().contains(garbage.toString()), info.err());
        assertEquals(3, ferrite("versions", dir.resolve("missing.heap").toString()).exitCode());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, ferrite().exitCode());
        assertEquals(2, ferrite("info").exitCode());
        assertEquals(2, ferrite("rollback", "x.heap").exitCode());
        assertEquals(2, ferrite("frobnicate", "x.heap").exitCode());
    }
}
