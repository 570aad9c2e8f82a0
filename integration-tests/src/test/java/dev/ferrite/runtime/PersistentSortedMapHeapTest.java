package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Counter;
import dev.ferrite.runtime.collection.StringKeys;
import dev.ferrite.runtime.collection.TreeVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collections on a real heap file: what is committed survives closing and reopening, what is
 * rolled back is gone, and every page they write is marked (the heap checks each commit against
 * the kernel's page map).
 */
class PersistentSortedMapHeapTest {
    private static final HeapOptions CHECKED = HeapOptions.builder().capacity(256L << 20).checkDirtyMarks(true).build();

    @TempDir
    Path directory;

    @Test
    void committedEntriesSurviveReopeningAndRolledBackOnesVanish() {
        Path file = directory.resolve("map.heap");
        Random random = new Random(3);
        TreeMap<String, Long> committed = new TreeMap<>();
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<String, Long> counts = PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
            for (int i = 0; i < 20_000; i++) {
                String word = StringKeys.random(random);
                committed.merge(word, 1L, Long::sum);
                counts.addLong(word, 1);
                if (i % 1_000 == 999) {
                    heap.commit();
                }
            }
            heap.commit();

            TreeMap<String, Long> before = new TreeMap<>(committed);
            for (int i = 0; i < 3_000; i++) {
                counts.addLong(StringKeys.random(random), 5);
                counts.remove(committed.firstKey() + i % 7);
            }
            for (String key : new ArrayList<>(committed.keySet()).subList(0, 2_000)) {
                counts.remove(key);
            }
            heap.rollback();
            assertEquals(new ArrayList<>(before.entrySet()), entries(counts), "rollback restores the last commit");
            assertEquals(List.of(), TreeVerifier.verify(heap.blocks(), counts.handle()).problems());
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<String, Long> counts = PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
            assertEquals(new ArrayList<>(committed.entrySet()), entries(counts), "reopened");
            assertEquals(List.of(), TreeVerifier.verify(heap.blocks(), counts.handle()).problems());
            counts.clear();
            heap.commit();
        }
    }

    @Test
    void commitsAndRollbacksInterleavedWithRandomChanges() {
        Random random = new Random(9);
        Path file = directory.resolve("interleaved.heap");
        TreeMap<Long, Long> committedMap = new TreeMap<>();
        List<Long> committedList = new ArrayList<>();
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.root(heap, "m", KeyType.LONG, ValueType.LONG);
            PersistentList<Long> list = PersistentList.root(heap, "l", ValueType.LONG);
            heap.commit();
            TreeMap<Long, Long> expected = new TreeMap<>();
            List<Long> expectedList = new ArrayList<>();
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 800; i++) {
                    long key = random.nextInt(6_000);
                    if (random.nextInt(3) > 0) {
                        map.putLong(key, i);
                        expected.put(key, (long) i);
                        if (random.nextInt(4) == 0) {
                            int index = random.nextInt(expectedList.size() + 1);
                            list.add(index, key);
                            expectedList.add(index, key);
                        } else {
                            list.addLong(key);
                            expectedList.add(key);
                        }
                    } else {
                        switch (random.nextInt(4)) {
                            case 0 -> assertEquals(expected.pollFirstEntry(), map.pollFirstEntry());
                            case 1 -> assertEquals(expected.headMap(key).pollLastEntry(), map.headMap(key).pollLastEntry());
                            default -> assertEquals(expected.remove(key), map.remove(key));
                        }
                        if (!expectedList.isEmpty()) {
                            if (random.nextBoolean()) {
                                int index = random.nextInt(expectedList.size());
                                assertEquals(expectedList.remove(index), list.remove(index));
                            } else {
                                assertEquals(expectedList.removeLast(), list.removeLast());
                            }
                        }
                    }
                }
                if (random.nextBoolean()) {
                    heap.commit();
                    committedMap = new TreeMap<>(expected);
                    committedList = new ArrayList<>(expectedList);
                } else {
                    heap.rollback();
                    expected = new TreeMap<>(committedMap);
                    expectedList = new ArrayList<>(committedList);
                }
                assertEquals(new ArrayList<>(expected.entrySet()), entries(map), "round " + round);
                List<Long> elements = new ArrayList<>();
                list.forEach(elements::add);
                assertEquals(expectedList, elements, "round " + round);
                assertEquals(List.of(), PersistentSortedMap.verify(heap, map.handle()));
                assertEquals(List.of(), PersistentList.verify(heap, list.handle()));
            }
            map.putLong(-1L, -1);
            list.add(0, -1L);
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            assertEquals(committedMap, PersistentSortedMap.root(heap, "m", KeyType.LONG, ValueType.LONG), "reopened map");
            assertEquals(committedList, PersistentList.root(heap, "l", ValueType.LONG), "reopened list");
        }
    }

    @Test
    void ownedStructValuesAndListsPersistThroughTheirHandles() {
        Path file = directory.resolve("structs.heap");
        long listHandle;
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<Long, Counter> byId = PersistentSortedMap.root(heap, "byId", KeyType.LONG, ValueType.struct(Counter.class));
            PersistentList<Counter> order = PersistentList.create(heap, ValueType.reference(Counter.class));
            for (long id = 0; id < 3_000; id++) {
                Counter counter = byId.getOrCreate(id * 3);
                counter.value(id);
                order.add(counter);
            }
            listHandle = order.handle();
            PersistentSortedMap.root(heap, "list", KeyType.STRING, ValueType.LONG).putLong("handle", listHandle);
            heap.commit();
            assertNotNull(byId.remove(0L));
            heap.rollback();
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<Long, Counter> byId = PersistentSortedMap.root(heap, "byId", KeyType.LONG, ValueType.struct(Counter.class));
            long handle = PersistentSortedMap.root(heap, "list", KeyType.STRING, ValueType.LONG).getLong("handle", 0);
            assertEquals(listHandle, handle);
            PersistentList<Counter> order = PersistentList.open(heap, handle, ValueType.reference(Counter.class));
            assertEquals(3_000, byId.size());
            assertEquals(3_000, order.size());
            for (long id = 0; id < 3_000; id++) {
                assertEquals(id, byId.get(id * 3).value());
                assertEquals(byId.get(id * 3), order.get((int) id));
            }
            assertEquals(List.of(), PersistentSortedMap.verify(heap, byId.handle()));
            assertEquals(List.of(), PersistentList.verify(heap, order.handle()));
            order.free();
            byId.clear();
            assertFalse(byId.containsKey(3L));
            heap.commit();
        }
    }

    @Test
    void aReadOnlyHeapShowsCollectionsAndRefusesChangesToThem() {
        Path file = directory.resolve("read-only.heap");
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap.root(heap, "m", KeyType.STRING, ValueType.LONG).putLong("a", 1);
            PersistentList.root(heap, "l", ValueType.LONG).addLong(2);
            heap.commit();
        }
        try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
            PersistentSortedMap<String, Long> map = PersistentSortedMap.root(heap, "m", KeyType.STRING, ValueType.LONG);
            PersistentList<Long> list = PersistentList.root(heap, "l", ValueType.LONG);
            assertEquals(1, map.getLong("a", 0));
            assertEquals(2, list.getLong(0));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> map.addLong("a", 1));
            assertTrue(e.getMessage().startsWith("the heap is open read-only"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> list.addLong(3));
            assertEquals(1, map.getLong("a", 0));
        }
    }

    @Test
    void aRootOfOtherTypesIsRefusedNamingBoth() {
        try (Heap heap = Heap.open(directory.resolve("roots.heap"), CHECKED)) {
            PersistentSortedMap.root(heap, "m", KeyType.STRING, ValueType.LONG);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PersistentSortedMap.root(heap, "m", KeyType.LONG, ValueType.struct(Counter.class)));
            assertTrue(e.getMessage().contains("String keys and long values"), e.getMessage());
            assertTrue(e.getMessage().contains("long keys and struct values (test.Counter"), e.getMessage());
            IllegalArgumentException list = assertThrows(IllegalArgumentException.class,
                    () -> PersistentList.root(heap, "m", ValueType.LONG));
            assertTrue(list.getMessage().contains("not a list"), list.getMessage());
        }
    }

    private static <K, V> List<Map.Entry<K, V>> entries(PersistentSortedMap<K, V> map) {
        List<Map.Entry<K, V>> all = new ArrayList<>();
        all.addAll(map.entrySet());
        return all;
    }
}
