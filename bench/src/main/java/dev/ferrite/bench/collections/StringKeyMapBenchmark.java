package dev.ferrite.bench.collections;

import dev.ferrite.runtime.KeyType;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.mapdb.Serializer;
import org.mapdb.serializer.GroupSerializer;

/**
 * {@link SortedMapBenchmark} with random {@code String} keys of 13 or 14 characters, such as
 * {@code "word-1x2f9kq"}: short enough to sit inside the heap map's nodes.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StringKeyMapBenchmark}
 */
public class StringKeyMapBenchmark extends SortedMapBenchmark<String> {
    @Override
    String[] randomKeys(SplittableRandom random, int count) {
        Set<String> seen = new HashSet<>(count * 2);
        String[] keys = new String[count];
        int n = 0;
        while (n < count) {
            String key = "word-" + Long.toString(random.nextLong(1L << 40, 1L << 45), 36);
            if (seen.add(key)) {
                keys[n++] = key;
            }
        }
        return keys;
    }

    @Override
    KeyType<String> heapKeys() {
        return KeyType.STRING;
    }

    @Override
    GroupSerializer<String> mapDbKeys() {
        return Serializer.STRING;
    }
}
