package dev.ferrite.bench.collections;

import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.Blackhole;

/** {@link TreeMap}: the baseline in memory, with nothing to persist. */
final class TreeMapUnderTest<K> implements SortedMapUnderTest<K> {
    private final TreeMap<K, Long> map = new TreeMap<>();

    @Override
    public Long get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, Long value) {
        map.put(key, value);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public long scan(Blackhole keys) {
        long sum = 0;
        for (Map.Entry<K, Long> entry : map.entrySet()) {
            keys.consume(entry.getKey());
            sum += entry.getValue();
        }
        return sum;
    }

    @Override
    public void commit() {}

    @Override
    public void close() {}
}
