package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * order, a sound tree after every phase, every written byte marked, nothing leaked at the end. The
 * operations go through the map and through its views — range views, descending views, key sets,
 * values and entry sets, their iterators' {@code remove} and entries' {@code setValue}, polls.
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
                assertEquals(expected.get(key), map.remove(key), () -> "remove " + key);
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
            } else if (dice < 88) {
                assertEquals(expected.remove(key), map.remove(key), () -> "remove " + key);
            } else if (dice < 90) {
                throughAView(map, expected, key, keyOf.apply(random), random);
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
                throughAView(map, expected, key, keyOf.apply(random), random);
            }
            assertEquals(expected.size(), map.size(), "size");
        }
        long unmarked = heap.firstUnmarkedWrite(before);
        assertEquals(-1, unmarked, "a byte was written without being marked dirty");
        check(map, expected, heap);
    }

    /**
     * One random operation through a random view of both maps, between {@code a} and {@code b}:
     * a range, head or tail view, maybe descending, and maybe its key set, values or entries.
     */
    private static <K> void throughAView(PersistentSortedMap<K, Long> map, TreeMap<K, Long> expected, K a, K b, Random random) {
        K low = expected.comparator().compare(a, b) <= 0 ? a : b;
        K high = low == a ? b : a;
        boolean lowInclusive = random.nextBoolean();
        boolean highInclusive = random.nextBoolean();
        NavigableMap<K, Long> want;
        NavigableMap<K, Long> got;
        switch (random.nextInt(4)) {
            case 0 -> {
                want = expected.subMap(low, lowInclusive, high, highInclusive);
                got = map.subMap(low, lowInclusive, high, highInclusive);
            }
            case 1 -> {
                want = expected.headMap(high, highInclusive);
                got = map.headMap(high, highInclusive);
            }
            case 2 -> {
                want = expected.tailMap(low, lowInclusive);
                got = map.tailMap(low, lowInclusive);
            }
            default -> {
                want = expected;
                got = map;
            }
        }
        if (random.nextBoolean()) {
            want = want.descendingMap();
            got = got.descendingMap();
        }
        K key = random.nextBoolean() ? a : b;
        long value = random.nextLong();
        switch (random.nextInt(12)) {
            case 0 -> {
                boolean inRange = want.containsKey(key) || isInRange(want, key);
                if (inRange) {
                    assertEquals(want.put(key, value), got.put(key, value), "view put");
                } else {
                    NavigableMap<K, Long> view = got;
                    assertThrows(IllegalArgumentException.class, () -> view.put(key, value), "put outside the view");
                }
            }
            case 1 -> assertEquals(want.remove(key), got.remove(key), "view remove");
            case 2 -> {
                assertEquals(want.pollFirstEntry(), got.pollFirstEntry(), "pollFirstEntry");
                assertEquals(want.pollLastEntry(), got.pollLastEntry(), "pollLastEntry");
            }
            case 3 -> {
                assertEquals(want.firstEntry(), got.firstEntry(), "firstEntry");
                assertEquals(want.lastEntry(), got.lastEntry(), "lastEntry");
                assertEquals(want.ceilingEntry(key), got.ceilingEntry(key), "ceilingEntry");
                assertEquals(want.floorEntry(key), got.floorEntry(key), "floorEntry");
                assertEquals(want.higherKey(key), got.higherKey(key), "higherKey");
                assertEquals(want.lowerKey(key), got.lowerKey(key), "lowerKey");
                assertEquals(want.get(key), got.get(key), "view get");
                assertEquals(want.containsKey(key), got.containsKey(key), "view containsKey");
            }
            case 4 -> {
                assertEquals(want.size(), got.size(), "view size");
                assertEquals(want.isEmpty(), got.isEmpty(), "view isEmpty");
            }
            case 5 -> {
                // every third entry removed through the iterator, the rest rewritten through setValue
                Iterator<Map.Entry<K, Long>> wanted = want.entrySet().iterator();
                Iterator<Map.Entry<K, Long>> actual = got.entrySet().iterator();
                for (int i = 0; i < 200 && wanted.hasNext(); i++) {
                    Map.Entry<K, Long> w = wanted.next();
                    Map.Entry<K, Long> g = actual.next();
                    assertEquals(w, g, "view entry");
                    if (i % 3 == 0) {
                        wanted.remove();
                        actual.remove();
                    } else {
                        assertEquals(w.setValue(w.getValue() + i), g.setValue(g.getValue() + i), "setValue");
                    }
                }
                assertEquals(wanted.hasNext(), actual.hasNext(), "view ends");
            }
            case 6 -> {
                Iterator<K> wanted = want.navigableKeySet().iterator();
                Iterator<K> actual = got.navigableKeySet().iterator();
                for (int i = 0; i < 300 && wanted.hasNext(); i++) {
                    assertEquals(wanted.next(), actual.next(), "view key");
                }
                assertEquals(wanted.hasNext(), actual.hasNext(), "view keys end");
                assertEquals(want.navigableKeySet().ceiling(key), got.navigableKeySet().ceiling(key), "key set ceiling");
                assertEquals(want.navigableKeySet().remove(key), got.navigableKeySet().remove(key), "key set remove");
            }
            case 7 -> {
                if (want.size() < 300) {
                    assertEquals(new ArrayList<>(want.values()), new ArrayList<>(got.values()), "view values");
                    assertEquals(want.values().stream().toList(), got.values().stream().toList(), "values stream");
                    assertEquals(new ArrayList<>(want.descendingKeySet()), new ArrayList<>(got.descendingKeySet()), "descending keys");
                }
            }
            case 8 -> {
                if (want.size() < 50) {
                    want.clear();
                    got.clear();
                }
            }
            case 9 -> {
                assertEquals(want.navigableKeySet().pollFirst(), got.navigableKeySet().pollFirst(), "key set pollFirst");
                assertEquals(want.navigableKeySet().pollLast(), got.navigableKeySet().pollLast(), "key set pollLast");
            }
            case 10 -> assertEquals(want.entrySet().remove(Map.entry(key, 3L)), got.entrySet().remove(Map.entry(key, 3L)),
                    "entry set remove");
            default -> {
                Iterator<Map.Entry<K, Long>> wanted = want.entrySet().iterator();
                Iterator<Map.Entry<K, Long>> actual = got.entrySet().iterator();
                for (int i = 0; i < 300 && wanted.hasNext(); i++) {
                    assertTrue(actual.hasNext(), "range ends early");
                    assertEquals(wanted.next(), actual.next(), "range entry");
                }
                assertEquals(wanted.hasNext(), actual.hasNext(), "range goes on");
            }
        }
    }

    /** Whether a view of a {@link TreeMap} accepts {@code key}: TreeMap's own views throw if not. */
    private static <K> boolean isInRange(NavigableMap<K, Long> view, K key) {
        try {
            view.headMap(key, true);
            view.tailMap(key, true);
            return true;
        } catch (IllegalArgumentException outside) {
            return false;
        }
    }

    private static <K> void check(PersistentSortedMap<K, Long> map, TreeMap<K, Long> expected, TestBlockHeap heap) {
        TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
        assertEquals(List.of(), report.problems());
        assertEquals(expected.size(), report.entries());
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()), "iteration");
        assertEquals(new ArrayList<>(expected.descendingMap().entrySet()), new ArrayList<>(map.descendingMap().entrySet()),
                "descending iteration");
        assertEquals(new ArrayList<>(expected.descendingKeySet()), map.descendingKeySet().stream().toList(), "descending keys");
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(),
                map.values().stream().mapToLong(Long::longValue).sum(), "values streamed");
        assertEquals(expected, map, "equals");
        assertEquals(expected.hashCode(), map.hashCode(), "hashCode");
        if (!expected.isEmpty()) {
            assertEquals(expected.firstKey(), map.firstKey());
            assertEquals(expected.lastKey(), map.lastKey());
        }
        for (Long block : heap.liveBlocks().keySet()) {
            assertTrue(report.blocks().contains(block), () -> "block " + block + " is allocated but not in the map");
        }
    }
}
