package dev.ferrite.runtime.conformance;

import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.TestSortedMapGenerator;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Makes heap-backed sorted maps for Guava's suites from nine keys in ascending order (two below
 * the samples, the five samples, two above, as the derived range suites need) and nine values.
 */
final class SortedMapGenerator<K, V> implements TestSortedMapGenerator<K, V> {
    private final ConformanceHeap heap;
    private final KeyType<K> keyType;
    private final ValueType<V> valueType;
    private final List<K> keys;
    private final List<V> values;
    private final Comparator<? super K> order;

    SortedMapGenerator(ConformanceHeap heap, KeyType<K> keyType, ValueType<V> valueType, List<K> keys, List<V> values,
            Comparator<? super K> order) {
        this.heap = heap;
        this.keyType = keyType;
        this.valueType = valueType;
        this.keys = keys;
        this.values = values;
        this.order = order;
    }

    private Map.Entry<K, V> entry(int i) {
        return Map.entry(keys.get(i), values.get(i));
    }

    @Override
    public SampleElements<Map.Entry<K, V>> samples() {
        return new SampleElements<>(entry(2), entry(3), entry(4), entry(5), entry(6));
    }

    @Override
    public SortedMap<K, V> create(Object... entries) {
        PersistentSortedMap<K, V> map = PersistentSortedMap.create(heap.heap(), keyType, valueType);
        for (Object o : entries) {
            @SuppressWarnings("unchecked")
            Map.Entry<K, V> entry = (Map.Entry<K, V>) o;
            map.put(entry.getKey(), entry.getValue());
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    @Override
    public Map.Entry<K, V>[] createArray(int length) {
        return (Map.Entry<K, V>[]) new Map.Entry<?, ?>[length];
    }

    @Override
    public Iterable<Map.Entry<K, V>> order(List<Map.Entry<K, V>> insertionOrder) {
        List<Map.Entry<K, V>> sorted = new ArrayList<>(insertionOrder);
        sorted.sort(Map.Entry.comparingByKey(order));
        return sorted;
    }

    @SuppressWarnings("unchecked")
    @Override
    public K[] createKeyArray(int length) {
        return (K[]) new Object[length];
    }

    @SuppressWarnings("unchecked")
    @Override
    public V[] createValueArray(int length) {
        return (V[]) new Object[length];
    }

    @Override
    public Map.Entry<K, V> belowSamplesLesser() {
        return entry(0);
    }

    @Override
    public Map.Entry<K, V> belowSamplesGreater() {
        return entry(1);
    }

    @Override
    public Map.Entry<K, V> aboveSamplesLesser() {
        return entry(7);
    }

    @Override
    public Map.Entry<K, V> aboveSamplesGreater() {
        return entry(8);
    }
}
