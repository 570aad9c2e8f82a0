package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.testing.Account;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flyweight or reference that outlived its record is caught even after the record's block was
 * given to a new record of the same type: each record has a generation that flyweights and
 * references carry. Every case frees a record and allocates one of the same type that takes its
 * block, then checks that the stale handle neither reads, writes nor frees the new record.
 */
class StaleRecordTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private Path heapFile() {
        return dir.resolve("stale.heap");
    }

    private static long offset(Object record) {
        return ((Flyweight) record).offset();
    }

    /** Frees {@code record} and allocates an Account in its block, which the allocator hands out first. */
    private static Account freeAndReuse(Heap heap, Account record) {
        long offset = offset(record);
        heap.free(record);
        Account successor = heap.allocate(Account.class);
        assertEquals(offset, offset(successor), "the new record takes the freed block");
        successor.id(42);
        successor.memo("the successor");
        return successor;
    }

    private static void assertUseAfterFree(IllegalStateException e, long offset) {
        assertTrue(e.getMessage().contains("test.Account") && e.getMessage().contains("offset " + offset)
                && e.getMessage().contains("use after free"), e.getMessage());
    }

    @Test
    void aStaleFlyweightNeitherReadsWritesNorFreesTheRecordInItsBlock() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            Account stale = heap.allocate(Account.class);
            stale.id(7);
            long offset = offset(stale);
            Account successor = freeAndReuse(heap, stale);

            assertUseAfterFree(assertThrows(IllegalStateException.class, stale::id), offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> stale.id(8)), offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, stale::memo), offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> heap.free(stale)), offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> main.referrer(stale)), offset);
            assertEquals("Account@" + offset + "[freed]", stale.toString());

            assertEquals(42, successor.id(), "the stale write did not reach the new record");
            assertEquals("the successor", successor.memo(), "nor did the stale free");
            main.referrer(successor);
            heap.commit();
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void aFlyweightOfAFreedRecordIsCaughtBeforeItsBlockIsReused() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account freed = heap.allocate(Account.class);
            long offset = offset(freed);
            heap.free(freed);
            assertUseAfterFree(assertThrows(IllegalStateException.class, freed::balance), offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> freed.balance(1)), offset);
        }
    }

    @Test
    void aStaleReferenceFieldIsCaughtAndVerifyReportsItDangling() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            Account referred = heap.allocate(Account.class);
            main.referrer(referred);
            long offset = offset(referred);
            freeAndReuse(heap, referred);
            // The new record is reachable from nowhere but the stale reference; verify must not take it for the old one.
            assertUseAfterFree(assertThrows(IllegalStateException.class, main::referrer), offset);
            heap.commit();
            List<String> problems = heap.verify();
            assertTrue(problems.stream().anyMatch(p -> p.contains("offset " + offset) && p.contains("dangling")),
                    problems.toString());
        }
        VerifyReport report = HeapVerifier.verify(heapFile());
        assertTrue(report.problems().stream().anyMatch(p -> p.kind() == VerifyReport.Kind.REFERENCE
                && p.message().contains("dangling")), report.problems().toString());
    }

    @Test
    void aStaleMapValueOrListElementIsCaught() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            PersistentSortedMap<Long, Account> map =
                    PersistentSortedMap.root(heap, "byId", KeyType.LONG, ValueType.reference(Account.class));
            PersistentList<Account> list = PersistentList.root(heap, "all", ValueType.reference(Account.class));
            Account referred = heap.allocate(Account.class);
            map.put(1L, referred);
            list.add(referred);
            long offset = offset(referred);
            freeAndReuse(heap, referred);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> map.get(1L)), offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> list.get(0)), offset);
        }
    }

    @Test
    void generationsSurviveCommitReopenAndRollback() {
        long offset;
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            Account referred = heap.allocate(Account.class);
            referred.id(5);
            main.referrer(referred);
            offset = offset(referred);
            heap.commit();
        }
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            assertEquals(5, main.referrer().id(), "a reference stays valid across a reopen");
            Account referred = main.referrer();
            heap.free(referred);
            heap.rollback();
            assertEquals(5, main.referrer().id(), "a rolled-back free leaves the reference valid");

            // After a reopen the generations count on: the block's next record does not match the stored reference.
            freeAndReuse(heap, main.referrer());
            heap.commit();
            assertUseAfterFree(assertThrows(IllegalStateException.class, main::referrer), offset);
        }
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            assertUseAfterFree(assertThrows(IllegalStateException.class, main::referrer), offset);
            main.referrer(null);
            // A record allocated and rolled back: its flyweight must not match the record that next takes its block.
            Account temporary = heap.allocate(Account.class);
            long temporaryOffset = offset(temporary);
            heap.rollback();
            Account next = heap.allocate(Account.class);
            assertEquals(temporaryOffset, offset(next));
            next.id(9);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> temporary.id(1)), temporaryOffset);
            assertEquals(9, next.id());
        }
    }

    /**
     * The previous release's heap (records and references of generation 0) opens, its references
     * still lead to their records, and a record freed and replaced there is caught like any other.
     * Once written, the header says format 2 where the previous release reads it, with a checksum
     * it accepts, so that release refuses the file as newer instead of damaged.
     */
    @Test
    void aHeapOfThePreviousReleaseCarriesOnWithGenerations() throws IOException {
        Path heap = dir.resolve("previous.heap");
        for (String name : List.of("previous.heap", "previous.heap.fams-log")) {
            try (InputStream in = StaleRecordTest.class.getResourceAsStream("/previous-release/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        assertEquals(1, headerFormat(heap));
        long offset;
        try (Heap h = Heap.open(heap)) {
            Account main = h.root("main", Account.class);
            Account referred = main.referrer();
            assertEquals("referred to by main", referred.memo());
            offset = offset(referred);
            Account successor = freeAndReuse(h, referred);
            assertUseAfterFree(assertThrows(IllegalStateException.class, main::referrer), offset);
            main.referrer(successor);
            h.commit();
        }
        try (Heap h = Heap.open(heap)) {
            Account main = h.root("main", Account.class);
            assertEquals("the successor", main.referrer().memo());
            assertEquals(999, main.balance());
            assertEquals(List.of(), h.verify());
            h.checkpoint();
        }
        assertEquals(2, headerFormat(heap));
    }

    /** The format of the heap's first header copy, checked as the previous release checks it: by the checksum at 64. */
    private static int headerFormat(Path heap) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(heap), 0, 68).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 64);
        assertEquals((int) crc.getValue(), header.getInt(64), "the checksum the previous release checks holds");
        return header.getInt(8);
    }
}
