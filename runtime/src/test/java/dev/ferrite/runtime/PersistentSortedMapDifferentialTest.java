package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.StringKeys;
import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeVerifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random operations on a map and on a {@link TreeMap} side by side: same answers, same iteration
 * order, a sound tree after every phase, every written byte marked, nothing leaked at the end.
 */
class PersistentSortedMapDifferentialTest {

    @Test
    void longKeysBehaveLikeATreeMap() {
        Random random = new Random(20261123);
        run(KeyType.LONG, r -> (long) r.nextInt(40_000) - 20_000, random, 2);
    }

    @Test
    void longKeysAtTheExtremesOfTheRange() {
        Random random = new Random(7);
        long[] interesting = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        run(KeyType.LONG, r -> r.nextInt(4) == 0 ? interesting[r.nextInt(interesting.length)] : r.nextLong(), random, 1);
    }

    @Test
    void stringKeysBehaveLikeATreeMap() {
        Random random = new Random(42);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            pool.add(StringKeys.random(random));
        }
        run(KeyType.STRING, r -> pool.get(r.nextInt(pool.size())), random, 2);
    }

    @Test
    void hugeStringKeysWithLongCommonPrefixes() {
        Random random = new Random(5);
        String shared = "x".repeat(20_000);
        run(KeyType.STRING, r -> switch (r.nextInt(4)) {
            case 0 -> shared + r.nextInt(300);
            case 1 -> shared.substring(0, r.nextInt(40)) + "\u00e9" + r.nextInt(300);
            case 2 -> "";
            default -> StringKeys.random(r);
        }, random, 1);
    }

    private static <K> void run(KeyType<K> keys, Function<Random, K> keyOf, Random random, int rounds) {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<K, Long> map = PersistentSortedMap.create(heap, keys, ValueType.LONG);
            TreeMap<K, Long> expected = new TreeMap<>(keys.order());
            for (int round = 0; round < rounds; round++) {
                phase(map, expected, keyOf, random, heap, 12_000, 75);
                phase(map, expected, keyOf, random, heap, 12_000, 20);
            }
            for (K key : new ArrayList<>(expected.keySet())) {
                assertTrue(map.remove(key), () -> "remove " + key);
            }
            expected.clear();
            check(map, expected, heap);
            assertEquals(Map.of(map.handle(), (long) NodeFormat.HEADER_SIZE), heap.liveBlocks(), "only the header is left");
            map.free();
            assertEquals(Map.of(), heap.liveBlocks(), "free returns every block");
        }
    }

    /** {@code operations} random operations, inserting with probability {@code insertPercent}. */
    private static <K> void phase(PersistentSortedMap<K, Long> map, TreeMap<K, Long> expected,
            Function<Random, K> keyOf, Random random, TestBlockHeap heap, int operations, int insertPercent) {
        byte[] before = heap.resetDirty();
        for (int i = 0; i < operations; i++) {
            K key = keyOf.apply(random);
            int dice = random.nextInt(100);
            if (dice < insertPercent) {
                long value = random.nextLong();
                switch (random.nextInt(3)) {
                    case 0 -> assertEquals(expected.put(key, value), map.put(key, value), "put");
                    case 1 -> {
                        map.putLong(key, value);
                        expected.put(key, value);
                    }
                    default -> assertEquals(expected.merge(key, 1L, Long::sum), map.addLong(key, 1), "addLong");
                }
            } else if (dice < 90) {
                assertEquals(expected.remove(key) != null, map.remove(key), () -> "remove " + key);
            } else if (dice < 95) {
                assertEquals(expected.get(key), map.get(key), "get");
                assertEquals(expected.containsKey(key), map.containsKey(key), "containsKey");
                assertEquals(expected.getOrDefault(key, -7L), map.getLong(key, -7L), "getLong");
            } else if (dice < 98) {
                assertEquals(expected.ceilingKey(key), map.ceilingKey(key), () -> "ceiling " + key);
                assertEquals(expected.higherKey(key), map.higherKey(key), () -> "higher " + key);
                assertEquals(expected.floorKey(key), map.floorKey(key), () -> "floor " + key);
                assertEquals(expected.lowerKey(key), map.lowerKey(key), () -> "lower " + key);
            } else {
                scan(map, expected, key, keyOf.apply(random), random);
            }
            assertEquals(expected.size(), map.size(), "size");
        }
        long unmarked = heap.firstUnmarkedWrite(before);
        assertEquals(-1, unmarked, "a byte was written without being marked dirty");
        check(map, expected, heap);
    }

    private static <K> void scan(PersistentSortedMap<K, Long> map, TreeMap<K, Long> expected, K a, K b, Random random) {
        K low = expected.comparator().compare(a, b) <= 0 ? a : b;
        K high = low == a ? b : a;
        boolean lowInclusive = random.nextBoolean();
        boolean highInclusive = random.nextBoolean();
        if (random.nextInt(5) == 0) {
            low = null;
        }
        if (random.nextInt(5) == 0) {
            high = null;
        }
        NavigableMap<K, Long> range = low == null
                ? (high == null ? expected : expected.headMap(high, highInclusive))
                : (high == null ? expected.tailMap(low, lowInclusive) : expected.subMap(low, lowInclusive, high, highInclusive));
        boolean descending = random.nextBoolean();
        Iterator<Map.Entry<K, Long>> actual = descending
                ? map.descendingEntries(low, lowInclusive, high, highInclusive).iterator()
                : map.entries(low, lowInclusive, high, highInclusive).iterator();
        Iterator<Map.Entry<K, Long>> wanted = (descending ? range.descendingMap() : range).entrySet().iterator();
        for (int i = 0; i < 300 && wanted.hasNext(); i++) {
            assertTrue(actual.hasNext(), "range ends early");
            assertEquals(wanted.next(), actual.next(), "range entry");
        }
        if (!wanted.hasNext()) {
            assertTrue(!actual.hasNext(), "range goes on");
        }
    }

    private static <K> void check(PersistentSortedMap<K, Long> map, TreeMap<K, Long> expected, TestBlockHeap heap) {
        TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
        assertEquals(List.of(), report.problems());
        assertEquals(expected.size(), report.entries());
        List<Map.Entry<K, Long>> all = new ArrayList<>();
        map.forEach(all::add);
        assertEquals(new ArrayList<>(expected.entrySet()), all, "iteration");
        List<Map.Entry<K, Long>> reversed = new ArrayList<>();
        map.descendingEntries().forEach(reversed::add);
        assertEquals(new ArrayList<>(expected.descendingMap().entrySet()), reversed, "descending iteration");
        if (!expected.isEmpty()) {
            assertEquals(expected.firstKey(), map.firstKey());
            assertEquals(expected.lastKey(), map.lastKey());
        }
        for (Long block : heap.liveBlocks().keySet()) {
            assertTrue(report.blocks().contains(block), () -> "block " + block + " is allocated but not in the map");
        }
    }
}
