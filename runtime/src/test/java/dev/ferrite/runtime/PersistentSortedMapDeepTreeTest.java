package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeVerifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Trees of three and more levels, so that branches split, borrow from siblings and merge, down to
 * an empty map with nothing left allocated.
 */
class PersistentSortedMapDeepTreeTest {

    @Test
    void longKeysGrowAndShrinkThroughThreeLevels() {
        growAndShrink(KeyType.LONG, i -> (long) i * 7919 % 1_000_003 - 500_000, 70_000);
    }

    @Test
    void stringKeysGrowAndShrinkThroughThreeLevels() {
        growAndShrink(KeyType.STRING, i -> (i % 3 == 0 ? "a shared prefix of more than twenty bytes " : "") + i, 20_000);
    }

    @Test
    void keysInsertedInAscendingOrderFillTheirLeaves() {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            TreeMap<Long, Long> expected = new TreeMap<>();
            for (long id = 1; id <= 100_000; id++) {
                map.putLong(id, id);
                expected.put(id, id);
            }
            TreeVerifier.Report report = verify(heap, map, expected);
            long fullLeaves = (100_000 + 253) / 254;
            assertTrue(report.nodes() <= fullLeaves + fullLeaves / 100 + 3, report.nodes() + " nodes for " + fullLeaves + " full leaves");
            for (long id = 100_000; id > 50_000; id--) {
                map.remove(id);
                expected.remove(id);
            }
            verify(heap, map, expected);
        }
    }

    private static <K> void growAndShrink(KeyType<K> keys, IntFunction<K> keyOf, int count) {
        Random random = new Random(count);
        List<K> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(keyOf.apply(i));
        }
        Collections.shuffle(order, random);
        try (TestBlockHeap heap = new TestBlockHeap(512L << 20)) {
            PersistentSortedMap<K, Long> map = PersistentSortedMap.create(heap, keys, ValueType.LONG);
            TreeMap<K, Long> expected = new TreeMap<>(keys.order());
            for (int i = 0; i < count; i++) {
                map.putLong(order.get(i), i);
                expected.put(order.get(i), (long) i);
            }
            TreeVerifier.Report full = verify(heap, map, expected);
            assertTrue(full.height() >= 3, "height " + full.height() + " does not reach branch splits");
            Collections.shuffle(order, random);
            for (int i = 0; i < count; i++) {
                assertEquals(expected.remove(order.get(i)), map.remove(order.get(i)));
                if (i % 10_000 == 0) {
                    verify(heap, map, expected);
                }
            }
            assertEquals(0, verify(heap, map, expected).height());
            assertEquals(1, heap.liveBlocks().size(), "only the header is left");
        }
    }

    private static <K> TreeVerifier.Report verify(TestBlockHeap heap, PersistentSortedMap<K, Long> map, TreeMap<K, Long> expected) {
        TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
        assertEquals(List.of(), report.problems());
        List<Map.Entry<K, Long>> all = new ArrayList<>(map.entrySet());
        assertEquals(new ArrayList<>(expected.entrySet()), all);
        return report;
    }
}
