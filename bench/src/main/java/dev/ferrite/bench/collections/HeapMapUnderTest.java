package dev.ferrite.bench.collections;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A {@link PersistentSortedMap} of long values in a heap of its own, through the methods a user of
 * the map calls ({@code get}, {@code put}, {@code remove}, iteration); {@link #commit()} commits
 * the heap.
 */
final class HeapMapUnderTest<K> implements SortedMapUnderTest<K> {
    /** Sparse: only the pages the map uses take space on disk. */
    private static final long CAPACITY = 4L << 30;

    private final Heap heap;
    private final PersistentSortedMap<K, Long> map;

    HeapMapUnderTest(Path file, KeyType<K> keys) {
        heap = Heap.open(file, HeapOptions.builder().capacity(CAPACITY).build());
        map = PersistentSortedMap.root(heap, "map", keys, ValueType.LONG);
    }

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
        for (Iterator<?> entries = entries(map); entries.hasNext(); ) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) entries.next();
            keys.consume(entry.getKey());
            sum += (Long) entry.getValue();
        }
        return sum;
    }

    /**
     * The map's entries in key order: through {@code entrySet()} where the map is a {@link Map},
     * else through its own {@code iterator()}, so that the benchmark runs before and after the map
     * implements {@link java.util.NavigableMap}.
     */
    private static Iterator<?> entries(Object map) {
        if (map instanceof Map<?, ?> asMap) {
            return asMap.entrySet().iterator();
        }
        return ((Iterable<?>) map).iterator();
    }

    @Override
    public void commit() {
        heap.commit();
    }

    @Override
    public void close() {
        heap.close();
    }
}
