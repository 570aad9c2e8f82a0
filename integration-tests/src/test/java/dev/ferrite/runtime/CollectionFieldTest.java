package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.testing.Shelf;
import dev.ferrite.runtime.testing.Shelf.Item;
import dev.ferrite.runtime.testing.ShelfFlyweight;
import dev.ferrite.testing.CompiledVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collection fields of a generated struct on a real heap file: created on first use as a write
 * that commits and rolls back like any other, reopened from the record, and freed with the
 * record, owned values and what they own included (the heap checks every commit's page marks).
 */
class CollectionFieldTest {
    private static final HeapOptions CHECKED = HeapOptions.builder().capacity(64L << 20).checkDirtyMarks(true).build();

    @TempDir
    Path directory;

    @Test
    void collectionsAreCreatedOnFirstUseAndFollowCommitsRollbacksAndReopening() {
        Path file = directory.resolve("shelf.heap");
        TreeMap<String, Long> committedCounts = new TreeMap<>();
        try (Heap heap = Heap.open(file, CHECKED)) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            assertTrue(shelf.toString().contains("counts=null"), "no map before first use: " + shelf);
            for (int i = 0; i < 3_000; i++) { // enough to split the tree's nodes
                String word = "w" + (i * 7919 % 3_001);
                shelf.counts().addLong(word, i);
                committedCounts.merge(word, (long) i, Long::sum);
            }
            Item first = heap.allocate(Item.class);
            first.value(1);
            shelf.order().add(first);
            shelf.order().add(null);
            heap.commit();

            long handle = shelf.counts().handle();
            assertEquals(handle, shelf.counts().handle(), "the getter opens the stored map, it does not create another");
            shelf.counts().putLong("rolled back", 1);
            shelf.order().add(first);
            heap.rollback();
            assertContents(committedCounts, shelf.counts());
            assertEquals(2, shelf.order().size());

            Shelf other = heap.allocate(Shelf.class);
            other.counts().putLong("x", 1);
            heap.rollback();
            assertEquals(List.of(), heap.verify(), "a map created in a rolled-back transaction leaves nothing behind");
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            assertContents(committedCounts, shelf.counts());
            assertEquals(1, shelf.order().get(0).value());
            assertEquals(null, shelf.order().get(1));
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void freeingARecordFreesItsCollectionsAndTheOwnedValuesWithWhatTheyOwn() {
        try (Heap heap = Heap.open(directory.resolve("free.heap"), CHECKED)) {
            Item referenced = heap.root("referenced", Item.class);
            heap.commit();
            long blocksBefore = heap.info().allocatedBlocks();

            Shelf shelf = heap.allocate(Shelf.class);
            shelf.title("a shelf");
            for (long i = 0; i < 2_000; i++) {
                shelf.counts().putLong("key " + i + " long enough to sit in a block of its own", i);
                shelf.order().add(referenced);
            }
            for (long i = 0; i < 500; i++) {
                Item item = shelf.items().getOrCreate(i);
                item.label("item " + i);
                item.history().addLong(i);
                item.history().addLong(-i);
            }
            heap.commit();
            assertTrue(heap.info().allocatedBlocks() > blocksBefore + 1_000, "the collections took blocks");

            heap.free(shelf);
            heap.commit();
            // verify reports every allocated block that no root reaches: nodes, keys, chunks, strings, records
            assertEquals(List.of(), heap.verify());
            assertEquals(0, records(heap, "test.Item") - 1, "only the referenced item is left");
            assertEquals(0, records(heap, "test.Shelf"));
            assertEquals(0, referenced.value(), "a referenced record is not freed");
        }
    }

    @Test
    void removingAnOwnedValueFreesItsStringAndCollections() {
        try (Heap heap = Heap.open(directory.resolve("remove.heap"), CHECKED)) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            shelf.items().getOrCreate(0L);
            heap.commit();
            long blocksBefore = heap.info().allocatedBlocks();
            Item item = shelf.items().getOrCreate(1L);
            item.label("a label");
            item.history().addLong(7);
            heap.commit();
            assertTrue(heap.info().allocatedBlocks() > blocksBefore + 2, "the record, its string and its list");

            shelf.items().remove(1L);
            heap.commit();
            assertEquals(List.of(), heap.verify());
            assertEquals(blocksBefore, heap.info().allocatedBlocks());
        }
    }

    @Test
    void readOnlyHeapsReadCreatedCollectionsAndRefuseToCreateOthers() {
        Path file = directory.resolve("read-only.heap");
        try (Heap heap = Heap.open(file)) {
            heap.root("shelf", Shelf.class).counts().putLong("a", 1);
            heap.commit();
        }
        try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            assertEquals(1L, shelf.counts().getLong("a", 0));
            IllegalStateException refused = assertThrows(IllegalStateException.class, shelf::order);
            assertTrue(refused.getMessage().contains("field order of the test.Shelf record")
                    && refused.getMessage().contains("read-only"), refused.getMessage());
        }
    }

    @Test
    void aFieldHoldingACollectionOfOtherTypesIsReportedAsDamage() {
        try (Heap heap = Heap.open(directory.resolve("damaged.heap"))) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            PersistentSortedMap<Long, Long> other = PersistentSortedMap.root(heap, "other", KeyType.LONG, ValueType.LONG);
            long handleOfOther = other.handle();
            long countsField = ((Flyweight) shelf).offset() + ShelfFlyweight.OFFSET_COUNTS;
            heap.blocks().segment().set(LittleEndian.LONG, countsField, handleOfOther);
            heap.blocks().markDirty(countsField, 8);

            CorruptHeapException thrown = assertThrows(CorruptHeapException.class, shelf::counts);
            assertTrue(thrown.getMessage().contains("field counts of the test.Shelf record"), thrown.getMessage());
            List<String> problems = heap.verify();
            assertTrue(problems.stream().anyMatch(problem -> problem.contains("field counts")
                    && problem.contains("not a sorted map of String keys and long values")), problems.toString());
            assertNotEquals(List.of(), problems);
            heap.rollback();
        }
    }

    /**
     * A collection field added in version 2, in the reserve: a record written by version 1 has
     * none, and its first use through version 2 creates it and raises the record's version, as a
     * setter of a newer field does.
     */
    @Test
    void aCollectionFieldNewerThanTheRecordIsCreatedOnFirstUseAndUpgradesTheRecord() {
        String v1 = """
                package test;
                import dev.ferrite.annotations.*;
                @PersistentStruct(name = "test.Log", reserve = 8)
                public interface Log {
                    long id(); void id(long v);
                }
                """;
        String v2 = """
                package test;
                import dev.ferrite.annotations.*;
                import dev.ferrite.runtime.PersistentList;
                @PersistentStruct(name = "test.Log", version = 2, reserve = 8)
                public interface Log {
                    long id(); void id(long v);
                    @Since(2) PersistentList<Long> entries();
                }
                """;
        Class<?> logV1 = CompiledVersion.compile(directory.resolve("v1"), Map.of("test.Log", v1), null).type("test.Log");
        Class<?> logV2 = CompiledVersion.compile(directory.resolve("v2"), Map.of("test.Log", v2), null).type("test.Log");
        Path file = directory.resolve("log.heap");
        try (Heap heap = Heap.open(file)) {
            CompiledVersion.call(heap.root("log", logV1), "id", 5L);
            heap.commit();
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            Object log = heap.root("log", logV2);
            long offset = ((Flyweight) log).offset();
            assertEquals(1, heap.blocks().segment().get(LittleEndian.SHORT, offset + 4), "written by version 1");
            PersistentList<?> entries = (PersistentList<?>) CompiledVersion.call(log, "entries");
            entries.addLong(42);
            assertEquals(2, heap.blocks().segment().get(LittleEndian.SHORT, offset + 4), "upgraded by the new field");
            heap.commit();
            assertEquals(42L, ((PersistentList<?>) CompiledVersion.call(log, "entries")).getLong(0));
            assertEquals(5L, CompiledVersion.call(log, "id"));
            assertEquals(List.of(), heap.verify());
        }
    }

    private static long records(Heap heap, String type) {
        return heap.info().types().stream().filter(stored -> stored.schemaName().equals(type))
                .mapToLong(HeapInfo.StoredType::records).sum();
    }

    private static void assertContents(TreeMap<String, Long> expected, PersistentSortedMap<String, Long> map) {
        assertEquals(expected.size(), map.size());
        for (Map.Entry<String, Long> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), map.getLong(entry.getKey(), -1), entry.getKey());
        }
    }
}
