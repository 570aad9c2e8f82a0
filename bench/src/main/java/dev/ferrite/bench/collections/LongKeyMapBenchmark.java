package dev.ferrite.bench.collections;

import dev.ferrite.runtime.KeyType;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.mapdb.Serializer;
import org.mapdb.serializer.GroupSerializer;

/**
 * {@link SortedMapBenchmark} with random {@code long} keys.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LongKeyMapBenchmark}
 */
public class LongKeyMapBenchmark extends SortedMapBenchmark<Long> {
    @Override
    Long[] randomKeys(SplittableRandom random, int count) {
        Set<Long> seen = new HashSet<>(count * 2);
        Long[] keys = new Long[count];
        int n = 0;
        while (n < count) {
            long key = random.nextLong();
            if (seen.add(key)) {
                keys[n++] = key;
            }
        }
        return keys;
    }

    @Override
    KeyType<Long> heapKeys() {
        return KeyType.LONG;
    }

    @Override
    GroupSerializer<Long> mapDbKeys() {
        return Serializer.LONG;
    }
}
