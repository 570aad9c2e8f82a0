package dev.ferrite.runtime.conformance;

import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.TestListGenerator;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import java.util.List;

/** Makes heap-backed lists for Guava's list suites from five sample elements. */
final class ListGenerator<E> implements TestListGenerator<E> {
    private final ConformanceHeap heap;
    private final ValueType<E> elementType;
    private final List<E> samples;

    ListGenerator(ConformanceHeap heap, ValueType<E> elementType, List<E> samples) {
        this.heap = heap;
        this.elementType = elementType;
        this.samples = samples;
    }

    @Override
    public SampleElements<E> samples() {
        return new SampleElements<>(samples.get(0), samples.get(1), samples.get(2), samples.get(3), samples.get(4));
    }

    @Override
    public List<E> create(Object... elements) {
        PersistentList<E> list = PersistentList.create(heap.heap(), elementType);
        for (Object element : elements) {
            @SuppressWarnings("unchecked")
            E e = (E) element;
            list.add(e);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    @Override
    public E[] createArray(int length) {
        return (E[]) new Object[length];
    }

    @Override
    public Iterable<E> order(List<E> insertionOrder) {
        return insertionOrder;
    }
}
