package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.testing.Counter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several threads reading one shared map, list or flyweight object at once, with no writer, every
 * answer checked against a {@link TreeMap} or {@link ArrayList} filled beforehand: the guarantee
 * {@code java.util.TreeMap} gives and the classes' Javadoc promises.
 */
class ConcurrentReadTest {
    private static final int THREADS = 8;
    private static final int OPERATIONS = 20_000;
    private static final int KEYS = 20_000;

    @TempDir
    Path dir;

    @Test
    void threadsSharingOneLongKeyMapReadWhatATreeMapHolds() throws Exception {
        try (Heap heap = Heap.open(dir.resolve("long.heap"))) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.root(heap, "map", KeyType.LONG, ValueType.LONG);
            TreeMap<Long, Long> expected = new TreeMap<>();
            SplittableRandom random = new SplittableRandom(1);
            while (expected.size() < KEYS) {
                long key = random.nextLong(-1_000_000_000L, 1_000_000_000L);
                long value = random.nextLong();
                map.putLong(key, value);
                expected.put(key, value);
            }
            heap.commit();
            readConcurrently(map, expected, r -> r.nextLong(-1_000_000_001L, 1_000_000_001L));
        }
    }

    @Test
    void threadsSharingOneStringKeyMapReadWhatATreeMapHolds() throws Exception {
        try (Heap heap = Heap.open(dir.resolve("string.heap"))) {
            PersistentSortedMap<String, Long> map =
                    PersistentSortedMap.root(heap, "map", KeyType.STRING, ValueType.LONG);
            TreeMap<String, Long> expected = new TreeMap<>();
            SplittableRandom random = new SplittableRandom(2);
            while (expected.size() < KEYS) {
                String key = randomKey(random);
                long value = random.nextLong();
                map.putLong(key, value);
                expected.put(key, value);
            }
            heap.commit();
            readConcurrently(map, expected, ConcurrentReadTest::randomKey);
        }
    }

    @Test
    void threadsSharingOneListAndItsRecordsReadWhatAnArrayListHolds() throws Exception {
        try (Heap heap = Heap.open(dir.resolve("list.heap"))) {
            PersistentList<Long> longs = PersistentList.root(heap, "longs", ValueType.LONG);
            PersistentList<Counter> counters = PersistentList.root(heap, "counters", ValueType.reference(Counter.class));
            PersistentSortedMap<Long, Counter> byId =
                    PersistentSortedMap.root(heap, "byId", KeyType.LONG, ValueType.reference(Counter.class));
            List<Long> expected = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < KEYS; i++) {
                long value = random.nextLong();
                longs.addLong(value);
                Counter counter = heap.allocate(Counter.class);
                counter.value(value);
                counters.add(counter);
                byId.put((long) i, counter);
                expected.add(value);
            }
            heap.commit();
            Counter shared = counters.get(KEYS / 2);
            long sharedValue = expected.get(KEYS / 2);
            runOnThreads(seed -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (int op = 0; op < OPERATIONS; op++) {
                    int index = r.nextInt(KEYS);
                    long want = expected.get(index);
                    switch (r.nextInt(5)) {
                        case 0 -> assertEquals(want, longs.get(index), "get " + index);
                        case 1 -> assertEquals(want, longs.getLong(index), "getLong " + index);
                        case 2 -> assertEquals(want, counters.get(index).value(), "counters.get " + index);
                        case 3 -> assertEquals(want, byId.get((long) index).value(), "byId.get " + index);
                        default -> {
                            assertEquals(sharedValue, shared.value(), "the shared flyweight");
                            if (r.nextInt(100) == 0) {
                                List<Long> all = new ArrayList<>();
                                longs.forEach(all::add);
                                assertEquals(expected, all, "iteration");
                            }
                        }
                    }
                }
            });
        }
    }

    /** Short keys kept in their slots, and keys past 20 UTF-8 bytes kept in blocks of their own. */
    private static String randomKey(SplittableRandom random) {
        StringBuilder key = new StringBuilder(random.nextBoolean() ? "k-" : "a-much-longer-key-prefix-");
        int length = random.nextInt(1, 8);
        for (int i = 0; i < length; i++) {
            key.append((char) ('a' + random.nextInt(6)));
        }
        return key.toString();
    }

    private static <K> void readConcurrently(
            PersistentSortedMap<K, Long> map, NavigableMap<K, Long> expected, Function<SplittableRandom, K> keys)
            throws Exception {
        List<K> present = new ArrayList<>(expected.keySet());
        runOnThreads(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            for (int op = 0; op < OPERATIONS; op++) {
                K key = r.nextBoolean() ? present.get(r.nextInt(present.size())) : keys.apply(r);
                switch (r.nextInt(9)) {
                    case 0 -> assertEquals(expected.get(key), map.get(key), () -> "get " + key);
                    case 1 -> assertEquals(expected.getOrDefault(key, -1L), map.getLong(key, -1L), () -> "getLong " + key);
                    case 2 -> assertEquals(expected.containsKey(key), map.containsKey(key), () -> "containsKey " + key);
                    case 3 -> assertEquals(expected.ceilingKey(key), map.ceilingKey(key), () -> "ceilingKey " + key);
                    case 4 -> assertEquals(expected.floorKey(key), map.floorKey(key), () -> "floorKey " + key);
                    case 5 -> assertEquals(expected.higherKey(key), map.higherKey(key), () -> "higherKey " + key);
                    case 6 -> assertEquals(expected.lowerKey(key), map.lowerKey(key), () -> "lowerKey " + key);
                    case 7 -> {
                        K to = keys.apply(r);
                        K from = key;
                        if (compare(from, to) > 0) {
                            from = to;
                            to = key;
                        }
                        boolean descending = r.nextBoolean();
                        NavigableMap<K, Long> range = expected.subMap(from, true, to, false);
                        NavigableMap<K, Long> view = map.subMap(from, true, to, false);
                        Iterable<Map.Entry<K, Long>> entries = (descending ? view.descendingMap() : view).entrySet();
                        assertSameEntries(descending ? range.descendingMap() : range, entries, 200);
                    }
                    default -> {
                        assertEquals(expected.firstKey(), map.firstKey(), "firstKey");
                        assertEquals(expected.lastKey(), map.lastKey(), "lastKey");
                        assertSameEntries(expected, map.entrySet(), 100);
                    }
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <K> int compare(K a, K b) {
        return ((Comparable<K>) a).compareTo(b);
    }

    /** Compares up to {@code limit} leading entries of the two. */
    private static <K> void assertSameEntries(Map<K, Long> expected, Iterable<Map.Entry<K, Long>> actual, int limit) {
        Iterator<Map.Entry<K, Long>> want = expected.entrySet().iterator();
        Iterator<Map.Entry<K, Long>> got = actual.iterator();
        for (int i = 0; i < limit && want.hasNext(); i++) {
            assertEquals(want.next(), got.next(), "entry " + i);
        }
        if (!want.hasNext()) {
            assertEquals(false, got.hasNext(), "more entries than expected");
        }
    }

    private interface Reader {
        void read(long seed) throws Exception;
    }

    /** Runs {@code reader} on {@value #THREADS} threads released together; rethrows the first failure. */
    private static void runOnThreads(Reader reader) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 100 + t;
                done.add(pool.submit(() -> {
                    start.await();
                    reader.read(seed);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) e.getCause();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
