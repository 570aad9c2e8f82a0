package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Long keys are found by interpolating between a node's first and last key: every answer that
 * rests on the search (get, ceiling, floor, higher, lower) matches a {@link TreeMap}'s for keys
 * spread evenly, in runs, clustered at the ends of the range, and so unevenly that the
 * interpolated probe lands far from the key.
 */
class PersistentSortedMapLongSearchTest {
    private static final int KEYS = 20_000;

    @Test
    void evenlySpreadKeys() {
        SplittableRandom random = new SplittableRandom(1);
        check(i -> random.nextLong());
    }

    @Test
    void consecutiveKeysAndRunsWithGaps() {
        check(i -> i);
        check(i -> i * 1_000 + (i % 7 == 0 ? 999 : 0));
    }

    @Test
    void keysClusteredAtTheEndsOfTheRange() {
        check(i -> i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i);
        check(i -> i % 100 == 0 ? Long.MAX_VALUE - i : (1L << 62) + i);
    }

    @Test
    void keysSpreadSoUnevenlyThatTheProbeMisses() {
        SplittableRandom random = new SplittableRandom(2);
        // powers of two and their neighbours: each node's last key dwarfs the others
        check(i -> (1L << (i % 63)) + i / 63);
        // mostly tiny keys with a few huge ones, signs mixed
        check(i -> i % 50 == 0 ? random.nextLong() : random.nextLong(1_000));
    }

    /**
     * {@code get}, {@code containsKey} and {@code getLong} descend with each parent's separator as
     * the bound of the child's keys: they agree with a {@link TreeMap} in a tree of three levels,
     * also once removals leave separators far from the keys they bound, and refuse keys of the
     * wrong type as the other reads do.
     */
    @Test
    void lookupsThroughThreeLevelsBeforeAndAfterRemovals() {
        SplittableRandom random = new SplittableRandom(3);
        try (TestBlockHeap heap = new TestBlockHeap(128L << 20)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            TreeMap<Long, Long> expected = new TreeMap<>();
            for (long i = 0; i < 100_000; i++) {
                long key = i % 10 == 0 ? random.nextLong(-1_000_000, 1_000_000) : random.nextLong();
                map.putLong(key, i);
                expected.put(key, i);
            }
            assertEquals(3, TreeVerifier.verify(heap, map.handle()).height());
            List<Long> keys = new ArrayList<>(expected.keySet());
            checkLookups(map, expected, keys);
            for (long key : keys) {
                if (random.nextInt(4) != 0) {
                    assertEquals(expected.remove(key), map.remove(key));
                }
            }
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            checkLookups(map, expected, keys);

            assertThrows(NullPointerException.class, () -> map.get(null));
            assertThrows(ClassCastException.class, () -> map.get(1));
            assertThrows(ClassCastException.class, () -> map.containsKey("1"));
        }
    }

    private static void checkLookups(PersistentSortedMap<Long, Long> map, TreeMap<Long, Long> expected, List<Long> keys) {
        for (long key : keys) {
            for (long probe : new long[] {key, key - 1, key + 1}) {
                assertEquals(expected.get(probe), map.get(probe), "get " + probe);
                assertEquals(expected.containsKey(probe), map.containsKey(probe), "containsKey " + probe);
                assertEquals(expected.getOrDefault(probe, -1L), map.getLong(probe, -1L), "getLong " + probe);
            }
        }
        for (long probe : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}) {
            assertEquals(expected.get(probe), map.get(probe), "get " + probe);
        }
    }

    private static void check(LongUnaryOperator keyOf) {
        try (TestBlockHeap heap = new TestBlockHeap(64L << 20)) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            TreeMap<Long, Long> expected = new TreeMap<>();
            for (long i = 0; i < KEYS; i++) {
                long key = keyOf.applyAsLong(i);
                map.putLong(key, i);
                expected.put(key, i);
            }
            List<Long> probes = new ArrayList<>();
            for (long key : expected.keySet()) {
                probes.add(key);
                probes.add(key - 1);
                probes.add(key + 1);
            }
            probes.add(Long.MIN_VALUE);
            probes.add(Long.MAX_VALUE);
            for (long probe : probes) {
                assertEquals(expected.get(probe), map.get(probe), "get " + probe);
                assertEquals(expected.ceilingKey(probe), map.ceilingKey(probe), "ceiling " + probe);
                assertEquals(expected.floorKey(probe), map.floorKey(probe), "floor " + probe);
                assertEquals(expected.higherKey(probe), map.higherKey(probe), "higher " + probe);
                assertEquals(expected.lowerKey(probe), map.lowerKey(probe), "lower " + probe);
            }
            for (long probe : probes.subList(0, probes.size() / 3)) {
                if (probe % 3 == 0) {
                    assertEquals(expected.remove(probe), map.remove(probe), "remove " + probe);
                }
            }
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));
        }
    }
}
