package dev.ferrite.runtime.conformance;

import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.TestSortedSetGenerator;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;

/** Makes the key sets of heap-backed maps (long values) for Guava's set suites, from nine ascending keys. */
final class KeySetGenerator<K> implements TestSortedSetGenerator<K> {
    private final ConformanceHeap heap;
    private final KeyType<K> keyType;
    private final List<K> keys;
    private final Comparator<? super K> order;

    KeySetGenerator(ConformanceHeap heap, KeyType<K> keyType, List<K> keys, Comparator<? super K> order) {
        this.heap = heap;
        this.keyType = keyType;
        this.keys = keys;
        this.order = order;
    }

    @Override
    public SampleElements<K> samples() {
        return new SampleElements<>(keys.get(2), keys.get(3), keys.get(4), keys.get(5), keys.get(6));
    }

    @Override
    public SortedSet<K> create(Object... elements) {
        PersistentSortedMap<K, Long> map = PersistentSortedMap.create(heap.heap(), keyType, ValueType.LONG);
        long value = 0;
        for (Object element : elements) {
            map.putLong(castKey(element), value++);
        }
        return map.navigableKeySet();
    }

    @SuppressWarnings("unchecked")
    private K castKey(Object element) {
        return (K) element;
    }

    @SuppressWarnings("unchecked")
    @Override
    public K[] createArray(int length) {
        return (K[]) new Object[length];
    }

    @Override
    public Iterable<K> order(List<K> insertionOrder) {
        List<K> sorted = new ArrayList<>(insertionOrder);
        sorted.sort(order);
        return sorted;
    }

    @Override
    public K belowSamplesLesser() {
        return keys.get(0);
    }

    @Override
    public K belowSamplesGreater() {
        return keys.get(1);
    }

    @Override
    public K aboveSamplesLesser() {
        return keys.get(7);
    }

    @Override
    public K aboveSamplesGreater() {
        return keys.get(8);
    }
}
