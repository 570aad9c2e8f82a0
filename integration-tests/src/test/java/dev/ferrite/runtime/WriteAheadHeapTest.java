package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.testing.Account;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heaps in the default write-ahead mode: heaps of the undo mode (the previous release's only one)
 * switch to it on their first writable open, retaining versions switches back, and {@link
 * Heap#rollback()} returns to the last commit even where that commit is still only in the log.
 */
class WriteAheadHeapTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private Path heapFile() {
        return dir.resolve("t.heap");
    }

    private static Path sibling(Path heap, String suffix) {
        return heap.resolveSibling(heap.getFileName() + suffix);
    }

    /** Whether the heap file itself (not its log) holds {@code text}. */
    private static boolean fileHolds(Path heap, String text) throws IOException {
        return new String(Files.readAllBytes(heap), StandardCharsets.ISO_8859_1).contains(text);
    }

    /**
     * {@code previous-release/previous.heap} and its undo log were written by the previous release
     * (an Account root with a string and a reference, a freed record, a sorted map of 300 string
     * keys and a list of 500 longs, in three commits). Copied here, its log names another inode,
     * so the contents become commit 0, as for any restored backup; every record must survive the
     * switch to the write-ahead log.
     */
    @Test
    void aHeapFileOfThePreviousReleaseOpensAndSwitchesToTheWriteAheadLog() throws IOException {
        Path heap = dir.resolve("previous.heap");
        for (String name : List.of("previous.heap", "previous.heap.fams-log")) {
            try (InputStream in = WriteAheadHeapTest.class.getResourceAsStream("/previous-release/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        try (Heap h = Heap.open(heap, HeapOptions.builder().readOnly(true).build())) {
            assertPreviousReleaseContents(h);
        }
        assertFalse(Files.exists(sibling(heap, ".fams-redo")), "a read-only open switches nothing");
        try (Heap h = Heap.open(heap)) {
            assertPreviousReleaseContents(h);
            assertTrue(Files.exists(sibling(heap, ".fams-redo")));
            assertFalse(Files.exists(sibling(heap, ".fams-log")));
            h.root("main", Account.class).balance(998);
            PersistentSortedMap.root(h, "words", KeyType.STRING, ValueType.LONG).putLong("word new", 1);
            h.commit();
        }
        try (Heap h = Heap.open(heap)) {
            assertEquals(998, h.root("main", Account.class).balance());
            assertEquals(301, PersistentSortedMap.root(h, "words", KeyType.STRING, ValueType.LONG).size());
            assertEquals(List.of(), h.verify());
        }
    }

    private static void assertPreviousReleaseContents(Heap h) {
        Account main = h.root("main", Account.class);
        assertEquals(7, main.id());
        assertEquals(999, main.balance());
        assertEquals("written by the previous release", main.memo());
        assertEquals("referred to by main", main.referrer().memo());
        PersistentSortedMap<String, Long> words = PersistentSortedMap.root(h, "words", KeyType.STRING, ValueType.LONG);
        assertEquals(300, words.size());
        for (long i = 0; i < 300; i++) {
            assertEquals(i * i, words.getLong("word " + i, -1));
        }
        PersistentList<Long> list = PersistentList.root(h, "list", ValueType.LONG);
        assertEquals(500, list.size());
        for (long i = 0; i < 500; i++) {
            assertEquals(i * 3, list.getLong(i));
        }
        assertEquals(List.of(), h.verify());
    }

    /** An undo-mode heap with its live log keeps its commit number across the switch, and back. */
    @Test
    void theModesSwitchBothWaysKeepingTheLastCommit() {
        long last;
        try (Heap h = Heap.open(heapFile(), HeapOptions.builder().capacity(4 << 20).commitMode(CommitMode.UNDO).build())) {
            h.root("main", Account.class).memo("undo");
            last = h.commit();
        }
        assertTrue(Files.exists(sibling(heapFile(), ".fams-log")));
        try (Heap h = Heap.open(heapFile())) {
            assertEquals(List.of(last), h.versions());
            assertEquals("undo", h.root("main", Account.class).memo());
            assertTrue(Files.exists(sibling(heapFile(), ".fams-redo")));
            assertFalse(Files.exists(sibling(heapFile(), ".fams-log")));
            h.root("main", Account.class).memo("redo");
            last = h.commit();
            h.root("main", Account.class).memo("redo, not yet checkpointed");
            last = h.commit();
            // Closed by a crash: the last commit is only in the log.
            assertThrows(IllegalArgumentException.class, () -> h.rollbackTo(1));
        }
        HeapOptions retaining = HeapOptions.builder().retainVersions(3).build();
        assertEquals(CommitMode.UNDO, retaining.commitMode(), "retaining versions selects the undo mode");
        try (Heap h = Heap.open(heapFile(), retaining)) {
            assertEquals(List.of(last), h.versions());
            assertFalse(Files.exists(sibling(heapFile(), ".fams-redo")));
            Account main = h.root("main", Account.class);
            assertEquals("redo, not yet checkpointed", main.memo());
            main.memo("kept");
            long kept = h.commit();
            main.memo("dropped");
            h.commit();
            assertEquals(List.of(last, kept, kept + 1), h.versions());
            h.rollbackTo(kept);
            assertEquals("kept", h.root("main", Account.class).memo());
        }
        assertThrows(IllegalArgumentException.class,
                () -> HeapOptions.builder().commitMode(CommitMode.REDO).retainVersions(1).build());
        assertEquals(CommitMode.REDO, HeapOptions.defaults().commitMode());
    }

    /**
     * A commit that no checkpoint has yet written into the heap file (its strings are not in the
     * file) is what rollback returns to: records, strings, frees, the sorted map, the list and the
     * allocator all as of that commit.
     */
    @Test
    void rollbackReturnsToTheLastCommitIncludingWhatIsOnlyInTheLog() throws IOException {
        try (Heap h = Heap.open(heapFile(), SMALL)) {
            Account main = h.root("main", Account.class);
            PersistentSortedMap<String, Long> map = PersistentSortedMap.root(h, "map", KeyType.STRING, ValueType.LONG);
            PersistentList<Long> list = PersistentList.root(h, "list", ValueType.LONG);
            TreeMap<String, Long> expected = new TreeMap<>();
            for (long i = 0; i < 2_000; i++) {
                map.putLong("key " + i, i);
                expected.put("key " + i, i);
                list.addLong(i);
            }
            Account other = h.allocate(Account.class);
            other.memo("other, committed");
            main.referrer(other);
            main.memo("first commit, checkpointed");
            h.commit();
            h.checkpoint();
            assertTrue(fileHolds(heapFile(), "first commit, checkpointed"));

            main.memo("second commit, only in the log");
            for (long i = 0; i < 2_000; i += 3) {
                map.remove("key " + i);
                expected.remove("key " + i);
            }
            for (long i = 5_000; i < 5_500; i++) {
                map.putLong("key " + i, -i);
                expected.put("key " + i, -i);
            }
            list.setLong(7, 77);
            Account spare = h.allocate(Account.class);
            spare.memo("spare, committed");
            other.referrer(spare);
            h.commit();
            assertFalse(fileHolds(heapFile(), "second commit, only in the log"), "the commit is only in the log");
            HeapInfo committed = h.info();
            try (Heap reader = Heap.open(heapFile(), HeapOptions.builder().readOnly(true).build())) {
                // The reader replays the log: pages of the page table that are holes in the file are data to it.
                assertCommitted(reader, expected);
                assertEquals(committed.allocatedBlocks(), reader.info().allocatedBlocks());
            }

            main.memo("uncommitted");
            main.referrer(null);
            h.free(other);
            h.free(spare);
            for (long i = 0; i < 2_000; i++) {
                map.putLong("key " + i, 1);
            }
            map.putLong("key uncommitted", 1);
            for (long i = 0; i < 3_000; i++) {
                list.addLong(-1);
            }
            h.allocate(Account.class).memo("uncommitted record");
            h.rollback();

            assertCommitted(h, expected);
            assertEquals(committed.allocatedBlocks(), h.info().allocatedBlocks());
            assertEquals(committed.allocatedBytes(), h.info().allocatedBytes());
            h.root("main", Account.class).balance(5);
            h.commit();
        }
        try (Heap h = Heap.open(heapFile(), SMALL)) {
            assertEquals(5, h.root("main", Account.class).balance());
        }
    }

    private static void assertCommitted(Heap h, Map<String, Long> expected) {
        Account main = h.root("main", Account.class);
        assertEquals("second commit, only in the log", main.memo());
        assertEquals("other, committed", main.referrer().memo());
        assertEquals("spare, committed", main.referrer().referrer().memo());
        PersistentSortedMap<String, Long> map = PersistentSortedMap.root(h, "map", KeyType.STRING, ValueType.LONG);
        assertEquals(expected.size(), map.size());
        expected.forEach((key, value) -> assertEquals(value, map.getLong(key, Long.MIN_VALUE), key));
        for (long i = 0; i < 2_000; i += 3) {
            assertEquals(Long.MIN_VALUE, map.getLong("key " + i, Long.MIN_VALUE), "removed in the commit");
        }
        assertEquals(Long.MIN_VALUE, map.getLong("key uncommitted", Long.MIN_VALUE));
        PersistentList<Long> list = PersistentList.root(h, "list", ValueType.LONG);
        assertEquals(2_000, list.size());
        assertEquals(77, list.getLong(7));
        assertEquals(8, list.getLong(8));
        assertEquals(List.of(), h.verify());
    }
}
