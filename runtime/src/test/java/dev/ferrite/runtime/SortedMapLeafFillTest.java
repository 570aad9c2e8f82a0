package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeRepacker;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.format.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * How full a sorted map's leaves stay as entries are removed, and {@link TreeRepacker}, a
 * compaction's first step, which packs them full. Maps of string values keep the strings in their
 * leaves, so their leaves fill by bytes: an entry takes its key slot, a 4-byte payload and the
 * string's UTF-8 bytes, out of a node's 4,072.
 */
class SortedMapLeafFillTest {
    /** Entries of a leaf with 8-byte keys and 8-byte values: (4096 - 24) / 16. */
    private static final int LONG_CAPACITY = 254;
    /** Bytes of a key slot of a string key. */
    private static final int STRING_SLOT = 24;
    private static final String LONG_PREFIX = "a key longer than a slot holds in line, ";

    @Test
    void repackingLeavesEveryLeafFullButTheLastWithLongKeys() {
        repack(KeyType.LONG, k -> k, 8);
    }

    @Test
    void repackingMovesOutOfLineKeysAndOwnedValuesWithTheirEntries() {
        repack(KeyType.STRING, k -> (k % 3 == 0 ? LONG_PREFIX : "") + k, STRING_SLOT);
    }

    @Test
    void aMapWhoseLeavesAreFullIsLeftAsItIs() {
        try (TestBlockHeap heap = new TestBlockHeap(64L << 20)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            for (long k = 0; k < 10_000; k++) {
                map.putLong(k, k);
            }
            heap.resetDirty();
            assertEquals(0, TreeRepacker.repack(heap, map.handle()));
            assertEquals(List.of(), List.copyOf(heap.dirtyPages()), "nothing written");
        }
    }

    @Test
    void removingARandomHalfOfTheKeysKeepsTheLeavesMostlyFull() {
        removeHalf(KeyType.LONG, k -> k, 8, false, 0.7);
    }

    @Test
    void removingKeysInAscendingOrderKeepsTheLeavesFourFifthsFullAndMovesOutOfLineKeysAlong() {
        removeHalf(KeyType.STRING, k -> (k % 3 == 0 ? LONG_PREFIX : "") + String.format("%08d", k), STRING_SLOT, true,
                0.8);
    }

    @Test
    void longKeysWithLongValuesMergeByEntries() {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            for (long k = 0; k < 100 * LONG_CAPACITY; k++) {
                map.putLong(k, k);
            }
            SplittableRandom random = new SplittableRandom(11);
            for (long k = 0; k < 100 * LONG_CAPACITY; k++) {
                if (random.nextBoolean()) {
                    map.remove(k);
                }
            }
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            double fill = (double) map.size() / (leaves(heap) * LONG_CAPACITY);
            assertTrue(fill >= 0.85, "leaves " + Math.round(fill * 100) + "% full");
        }
    }

    /**
     * A leaf just split in two is not merged back by the next removal: else a key put and removed
     * in turn would allocate, write and free a node each time.
     */
    @Test
    void aLeafJustSplitIsNotMergedBackByOneRemoval() {
        try (TestBlockHeap heap = new TestBlockHeap(16L << 20)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            for (long k = 0; k < LONG_CAPACITY; k++) {
                map.putLong(k, k);
            }
            assertEquals(1, leaves(heap));
            map.putLong(-1L, -1);
            assertEquals(2, leaves(heap), "a full leaf split");
            for (int i = 0; i < 5; i++) {
                map.remove(-1L);
                assertEquals(2, leaves(heap), "removal " + i);
                map.putLong(-1L, -1);
                assertEquals(2, leaves(heap), "insertion " + i);
            }
        }
    }

    /**
     * Keys inserted in ascending order (so leaves are full), then a random half of them removed,
     * in ascending order or shuffled: a leaf that falls below two thirds full is merged into a
     * neighbour, or one of three neighbouring leaves around it is emptied into the other two,
     * where they have the room. So the leaves stay at least {@code least} full, where evening out
     * pairs of leaves left them half full.
     */
    private static <K> void removeHalf(KeyType<K> keys, LongFunction<K> keyOf, int slot, boolean ascending,
            double least) {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<K, String> map = PersistentSortedMap.create(heap, keys, ValueType.STRING);
            TreeMap<K, String> expected = new TreeMap<>(keys.order());
            for (long k = 0; k < 20_000; k++) {
                K key = keyOf.apply(k);
                map.put(key, "value " + k);
                expected.put(key, "value " + k);
            }
            SplittableRandom random = new SplittableRandom(11);
            List<Long> removed = new ArrayList<>();
            for (long k = 0; k < 20_000; k++) {
                if (random.nextBoolean()) {
                    removed.add(k);
                }
            }
            if (!ascending) {
                java.util.Collections.shuffle(removed, new java.util.Random(11));
            }
            byte[] before = heap.resetDirty();
            for (long k : removed) {
                K key = keyOf.apply(k);
                assertEquals(expected.remove(key), map.remove(key));
            }
            assertEquals(-1, heap.firstUnmarkedWrite(before), "a byte was written without being marked dirty");
            TreeVerifier.Report report = check(heap, map, expected);
            assertEquals(report.blocks(), heap.liveBlocks().keySet(), "the map owns every live block, and no other");
            double fill = (double) bytes(expected.values(), slot) / (leaves(heap) * NODE_BYTES);
            assertTrue(fill >= least, "leaves " + Math.round(fill * 100) + "% full");
            System.out.printf("%s removed %s: leaves %.0f%% full%n", keys, ascending ? "in order" : "shuffled", fill * 100);
        }
    }

    /**
     * Random inserts (so leaves split half full) and deletes of most keys, then a repack: the
     * fewest leaves, every block the map owned still owned once, nothing else allocated, every
     * write marked, and a map that goes on working.
     */
    private static <K> void repack(KeyType<K> keys, LongFunction<K> keyOf, int slot) {
        try (TestBlockHeap heap = new TestBlockHeap(512L << 20)) {
            PersistentSortedMap<K, String> map = PersistentSortedMap.create(heap, keys, ValueType.STRING);
            TreeMap<K, String> expected = new TreeMap<>(keys.order());
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 60_000; i++) {
                K key = keyOf.apply(random.nextLong(1_000_000));
                map.put(key, "value " + key);
                expected.put(key, "value " + key);
            }
            for (K key : new ArrayList<>(expected.keySet())) {
                if (random.nextInt(10) < 7) {
                    assertEquals(expected.remove(key), map.remove(key));
                }
            }
            TreeVerifier.Report sparse = check(heap, map, expected);
            byte[] before = heap.resetDirty();

            long freed = TreeRepacker.repack(heap, map.handle());

            assertEquals(-1, heap.firstUnmarkedWrite(before), "a byte was written without being marked dirty");
            TreeVerifier.Report packed = check(heap, map, expected);
            assertEquals(leavesFilledInOrder(expected.values(), slot), leaves(heap), "leaves");
            assertEquals(sparse.nodes() - packed.nodes(), freed, "nodes freed");
            assertTrue(freed > 0, freed + " of " + sparse.nodes() + " nodes freed");
            assertEquals(packed.blocks(), heap.liveBlocks().keySet(), "the map owns every live block, and no other");

            for (int i = 0; i < 20_000; i++) {
                K key = keyOf.apply(random.nextLong(1_000_000));
                if (random.nextBoolean()) {
                    assertEquals(expected.put(key, "again " + key), map.put(key, "again " + key));
                } else {
                    assertEquals(expected.remove(key), map.remove(key));
                }
            }
            check(heap, map, expected);
        }
    }

    /** Bytes of a node that entries and values take. */
    private static final int NODE_BYTES = 4072;

    /** The bytes in leaves of entries with {@code slot}-byte keys and {@code values}. */
    private static long bytes(Collection<String> values, int slot) {
        long bytes = 0;
        for (String value : values) {
            bytes += slot + 4 + value.getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    /** The leaves entries of {@code values}, in order, fill if each leaf takes as many as fit. */
    private static long leavesFilledInOrder(Collection<String> values, int slot) {
        long leaves = 1;
        int filled = 0;
        for (String value : values) {
            int weight = slot + 4 + value.getBytes(StandardCharsets.UTF_8).length;
            if (filled + weight > NODE_BYTES) {
                leaves++;
                filled = 0;
            }
            filled += weight;
        }
        return leaves;
    }

    /** The leaf nodes among the heap's live blocks. */
    private static long leaves(TestBlockHeap heap) {
        return heap.liveBlocks().keySet().stream()
                .filter(block -> RecordHeader.typeId(heap.segment(), block) == NodeFormat.LEAF_TYPE_ID)
                .count();
    }

    private static <K, V> TreeVerifier.Report check(TestBlockHeap heap, PersistentSortedMap<K, V> map, TreeMap<K, V> expected) {
        TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
        assertEquals(List.of(), report.problems());
        assertEquals(new ArrayList<Map.Entry<K, V>>(expected.entrySet()), new ArrayList<>(map.entrySet()));
        return report;
    }
}
