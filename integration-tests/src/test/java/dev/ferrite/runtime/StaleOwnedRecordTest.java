package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.AccountFlyweight;
import dev.ferrite.runtime.testing.Box;
import dev.ferrite.runtime.testing.Shelf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records that {@link StaleRecordTest} does not allocate with {@code Heap.allocate}: the
 * struct values a map owns and the records embedded ({@code @Inline}) in others. A flyweight of
 * one kept after its record was freed is caught once its block holds a new record, and once its
 * page was given back to the file system and reads zeros; so is one of a record written before
 * generations existed (generation 0), and one kept across a compaction that moved its record.
 */
class StaleOwnedRecordTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private Path heapFile() {
        return dir.resolve("owned.heap");
    }

    private static long offset(Object record) {
        return ((Flyweight) record).offset();
    }

    private static int typeIdInHeader(Object record) {
        MemorySegment segment = ((Flyweight) record).store().segment();
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, offset(record));
    }

    private static void assertUseAfterFree(IllegalStateException e, String type, long offset) {
        assertTrue(e.getMessage().contains(type) && e.getMessage().contains("offset " + offset)
                && e.getMessage().contains("use after free"), e.getMessage());
    }

    private static PersistentSortedMap<Long, Shelf.Item> items(Heap heap) {
        return PersistentSortedMap.root(heap, "items", KeyType.LONG, ValueType.struct(Shelf.Item.class));
    }

    @Test
    void aFlyweightOfARemovedMapValueDoesNotViewTheValueThatTookItsBlock() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            PersistentSortedMap<Long, Shelf.Item> items = items(heap);
            items.getOrCreate(1L).value(7);
            Shelf.Item stale = items.get(1L);
            long offset = offset(stale);
            items.remove(1L);
            Shelf.Item successor = items.getOrCreate(2L);
            assertEquals(offset, offset(successor), "the new value takes the freed block");
            successor.value(9);

            assertUseAfterFree(assertThrows(IllegalStateException.class, stale::value), "test.Item", offset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> stale.value(8)), "test.Item", offset);
            assertEquals(9, items.get(2L).value(), "the stale write did not reach the new value");
            heap.commit();
            assertEquals(List.of(), heap.verify());
        }
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            assertEquals(9, items(heap).get(2L).value(), "values keep their generation across a reopen");
        }
    }

    @Test
    void aMapValueFreedBehindTheMapsBackIsReportedDanglingAndNeverFreedAgain() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            PersistentSortedMap<Long, Shelf.Item> items = items(heap);
            Shelf.Item owned = items.getOrCreate(1L);
            long offset = offset(owned);
            heap.free(owned); // a programming error: the map owns the record
            Shelf.Item stranger = heap.allocate(Shelf.Item.class);
            assertEquals(offset, offset(stranger));
            stranger.value(5);
            heap.root("stranger", Account.class).id(1); // something committed besides

            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> items.get(1L)), "test.Item", offset);
            heap.commit();
            List<String> problems = heap.verify();
            assertTrue(problems.stream().anyMatch(p -> p.contains("offset " + offset) && p.contains("dangling")),
                    problems.toString());
            assertThrows(IllegalStateException.class, () -> items.remove(1L));
            heap.rollback();
            assertEquals(5, stranger.value(), "removing the stale entry did not free the record in its block");
        }
        VerifyReport report = HeapVerifier.verify(heapFile());
        assertTrue(report.problems().stream().anyMatch(p -> p.message().contains("dangling")),
                report.problems().toString());
    }

    @Test
    void aViewOfAnEmbeddedRecordDiesWithTheRecordItIsEmbeddedIn() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Box box = heap.allocate(Box.class);
            Box.Corner origin = box.origin();
            Box.Corner corner = box.corners(1);
            origin.x(1);
            long originOffset = offset(origin);
            long cornerOffset = offset(corner);
            heap.free(box);
            assertUseAfterFree(assertThrows(IllegalStateException.class, origin::x), "test.Corner", originOffset);

            Box successor = heap.allocate(Box.class);
            assertEquals(offset(box), offset(successor), "the new box takes the freed block");
            successor.origin().x(2);
            successor.corners(1).x(3);
            assertUseAfterFree(assertThrows(IllegalStateException.class, origin::x), "test.Corner", originOffset);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> corner.x(4)), "test.Corner",
                    cornerOffset);
            assertEquals(2, successor.origin().x());
            assertEquals(3, successor.corners(1).x(), "the stale write did not reach the new box");
        }
    }

    @Test
    void aFlyweightOfAMapValueWhosePageWasGivenBackIsCaught() {
        try (Heap heap = Heap.open(heapFile(), HeapOptions.builder().capacity(16 << 20).build())) {
            PersistentSortedMap<Long, Shelf.Item> items = items(heap);
            for (long key = 0; key < 1000; key++) {
                items.getOrCreate(key).value(key + 1);
            }
            heap.commit();
            Shelf.Item stale = items.get(500L);
            long offset = offset(stale);
            items.clear();
            heap.commit();
            heap.checkpoint(); // in the default write-ahead mode, freed pages are punched at a checkpoint
            assertEquals(0, typeIdInHeader(stale), "the page was given back and reads zeros");
            assertUseAfterFree(assertThrows(IllegalStateException.class, stale::value), "test.Item", offset);
        }
    }

    @Test
    void aFlyweightKeptAcrossACompactionThatMovedItsRecordIsCaught() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            List<Account> fillers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                fillers.add(heap.allocate(Account.class));
            }
            Account kept = heap.allocate(Account.class);
            kept.id(11);
            main.referrer(kept);
            fillers.forEach(heap::free);
            heap.commit();
            long before = offset(kept);
            heap.compact();
            Account moved = heap.root("main", Account.class).referrer();
            assertNotEquals(before, offset(moved), "the compaction moved the record");
            assertEquals(11, moved.id());
            assertUseAfterFree(assertThrows(IllegalStateException.class, kept::id), "test.Account", before);
            assertUseAfterFree(assertThrows(IllegalStateException.class, () -> kept.id(12)), "test.Account", before);
            assertEquals(11, moved.id());
        }
    }

    /**
     * A record written before generations existed has generation 0, and so has a page given back
     * to the file system, which reads zeros: a flyweight of such a record is caught by the type id,
     * which reads 0 there too. (Records a heap allocates now always have a generation above 0.)
     */
    @Test
    void aFlyweightOfARecordOfGenerationZeroIsCaughtWhenItsBytesBecomeZeros() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(4096, 8);
            SegmentStore store = SegmentStore.of(segment);
            Account legacy = AccountFlyweight.TYPE.initialize(store, 64);
            legacy.id(3);
            assertEquals(0, ((Flyweight) legacy).generation());
            segment.asSlice(0, 4096).fill((byte) 0); // what a punched page reads
            assertUseAfterFree(assertThrows(IllegalStateException.class, legacy::id), "test.Account", 64);
        }
    }
}
