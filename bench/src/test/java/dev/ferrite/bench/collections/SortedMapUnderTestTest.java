package dev.ferrite.bench.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each map the benchmarks time does what a {@link TreeMap} does under the same random puts,
 * replacements and removals, on the real heap and the real MapDB file, so that every benchmark
 * times the same work on every map.
 */
class SortedMapUnderTestTest {
    private static final Blackhole KEYS_SEEN = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @TempDir
    Path dir;

    @Test
    void longKeysAgreeWithTreeMap() {
        LongKeyMapBenchmark benchmark = new LongKeyMapBenchmark();
        Long[] keys = benchmark.randomKeys(new SplittableRandom(7), 3_000);
        check(keys, file -> new HeapMapUnderTest<>(file, benchmark.heapKeys()), "heap");
        check(keys, file -> new MapDbTreeMapUnderTest<>(file, benchmark.mapDbKeys()), "mapdb");
        check(keys, file -> new TreeMapUnderTest<>(), "treemap");
    }

    @Test
    void stringKeysAgreeWithTreeMap() {
        StringKeyMapBenchmark benchmark = new StringKeyMapBenchmark();
        String[] keys = benchmark.randomKeys(new SplittableRandom(7), 3_000);
        check(keys, file -> new HeapMapUnderTest<>(file, benchmark.heapKeys()), "heap");
        check(keys, file -> new MapDbTreeMapUnderTest<>(file, benchmark.mapDbKeys()), "mapdb");
        check(keys, file -> new TreeMapUnderTest<>(), "treemap");
    }

    private <K> void check(K[] keys, Function<Path, SortedMapUnderTest<K>> open, String store) {
        TreeMap<K, Long> expected = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(11);
        try (SortedMapUnderTest<K> map = open.apply(dir.resolve(store + "-" + keys[0].getClass().getSimpleName()))) {
            for (int i = 0; i < keys.length; i++) {
                map.put(keys[i], (long) i);
                expected.put(keys[i], (long) i);
            }
            map.commit();
            for (int n = 0; n < 2_000; n++) {
                K key = keys[random.nextInt(keys.length)];
                if (random.nextBoolean()) {
                    long value = random.nextLong();
                    map.put(key, value);
                    expected.put(key, value);
                } else {
                    map.remove(key);
                    expected.remove(key);
                }
            }
            map.commit();
            for (K key : keys) {
                assertEquals(expected.get(key), map.get(key), store + ": value under " + key);
            }
            long sum = 0;
            for (Map.Entry<K, Long> entry : expected.entrySet()) {
                sum += entry.getValue();
            }
            assertEquals(sum, map.scan(KEYS_SEEN), store + ": sum of the values a scan visits");
        }
    }
}
