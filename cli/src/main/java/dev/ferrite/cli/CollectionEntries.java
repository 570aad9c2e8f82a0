package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The entries of a root that is a runtime collection of {@code long}s, for {@code ferrite dump}.
 * Collections of references or owned records can only be opened with their struct classes, which
 * the tool does not have; the records they hold are dumped with all the others.
 *
 * <p>The entries are read from the heap as they are iterated, never gathered: a list of ten
 * million longs must dump in a small fixed amount of memory.
 *
 * @param keyName what a key is called in the dump: {@code key} for a map, {@code index} for a list
 * @param entries the entries in key order, read lazily
 */
record CollectionEntries(String keyName, Iterable<? extends Map.Entry<?, Long>> entries) {
    static final String MAP = "ferrite.SortedMap";
    static final String LIST = "ferrite.List";

    /** The entries of the collection at {@code handle}; empty if it holds references or records. */
    static Optional<CollectionEntries> of(Heap heap, String typeName, long handle) {
        return switch (typeName) {
            case MAP -> map(heap, handle, KeyType.STRING).or(() -> map(heap, handle, KeyType.LONG));
            case LIST -> list(heap, handle);
            default -> Optional.empty();
        };
    }

    private static <K> Optional<CollectionEntries> map(Heap heap, long handle, KeyType<K> keys) {
        try {
            return Optional.of(new CollectionEntries("key", PersistentSortedMap.open(heap, handle, keys, ValueType.LONG).entrySet()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // other key or value types
        }
    }

    private static Optional<CollectionEntries> list(Heap heap, long handle) {
        PersistentList<Long> list;
        try {
            list = PersistentList.open(heap, handle, ValueType.LONG);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a list of references
        }
        Iterable<Map.Entry<Long, Long>> entries = () -> indexed(list);
        return Optional.of(new CollectionEntries("index", entries));
    }

    private static Iterator<Map.Entry<Long, Long>> indexed(PersistentList<Long> list) {
        return new Iterator<>() {
            private final long size = list.longSize();
            private long next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<Long, Long> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                long index = next++;
                return new AbstractMap.SimpleImmutableEntry<>(index, list.getLong(index));
            }
        };
    }
}
