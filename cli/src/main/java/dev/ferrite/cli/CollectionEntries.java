package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.util.AbstractMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The entries of a root that is a runtime collection of numbers or strings, for {@code ferrite
 * dump}: maps with long, int, String, UUID or byte array keys and long, double or string values,
 * lists of longs, doubles or strings. Collections of references or owned records can only be
 * opened with their struct classes, which the tool does not have; the records they hold are
 * dumped with all the others. Maps with enum keys need the enum class as well and are not dumped.
 *
 * <p>The entries are read from the heap as they are iterated, never gathered: a list of ten
 * million longs must dump in a small fixed amount of memory. UUID keys are shown as their
 * string form, byte array keys as {@code 0x} and hex digits.
 *
 * @param keyName what a key is called in the dump: {@code key} for a map, {@code index} for a list
 * @param entries the entries in key order, read lazily
 */
record CollectionEntries(String keyName, Iterable<? extends Map.Entry<?, ?>> entries) {
    static final String MAP = "ferrite.SortedMap";
    static final String LIST = "ferrite.List";

    private static final List<KeyType<?>> KEYS = List.of(KeyType.STRING, KeyType.LONG, KeyType.INT, KeyType.UUID, KeyType.BYTES);
    private static final List<ValueType<?>> VALUES = List.of(ValueType.LONG, ValueType.DOUBLE, ValueType.STRING);

    /** The entries of the collection at {@code handle}; empty if it holds references, records or enum keys. */
    static Optional<CollectionEntries> of(Heap heap, String typeName, long handle) {
        return switch (typeName) {
            case MAP -> map(heap, handle);
            case LIST -> list(heap, handle);
            default -> Optional.empty();
        };
    }

    private static Optional<CollectionEntries> map(Heap heap, long handle) {
        for (KeyType<?> keys : KEYS) {
            for (ValueType<?> values : VALUES) {
                PersistentSortedMap<?, ?> map;
                try {
                    map = PersistentSortedMap.open(heap, handle, keys, values);
                } catch (IllegalArgumentException e) {
                    continue; // other key or value types
                }
                Iterable<Map.Entry<?, ?>> entries = () -> shown(map.iterator());
                return Optional.of(new CollectionEntries("key", entries));
            }
        }
        return Optional.empty();
    }

    /** The entries with their keys as the dump shows them. */
    private static Iterator<Map.Entry<?, ?>> shown(Iterator<? extends Map.Entry<?, ?>> entries) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Map.Entry<?, ?> next() {
                Map.Entry<?, ?> entry = entries.next();
                Object key = switch (entry.getKey()) {
                    case byte[] bytes -> "0x" + HexFormat.of().formatHex(bytes);
                    case UUID uuid -> uuid.toString();
                    default -> entry.getKey();
                };
                return new AbstractMap.SimpleImmutableEntry<>(key, entry.getValue());
            }
        };
    }

    private static Optional<CollectionEntries> list(Heap heap, long handle) {
        for (ValueType<?> elements : VALUES) {
            PersistentList<?> list;
            try {
                list = PersistentList.open(heap, handle, elements);
            } catch (IllegalArgumentException e) {
                continue; // other elements
            }
            Iterable<Map.Entry<Long, ?>> entries = () -> indexed(list);
            return Optional.of(new CollectionEntries("index", entries));
        }
        return Optional.empty(); // a list of references
    }

    private static <E> Iterator<Map.Entry<Long, ?>> indexed(PersistentList<E> list) {
        Iterator<E> elements = list.iterator();
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return elements.hasNext();
            }

            @Override
            public Map.Entry<Long, ?> next() {
                return new AbstractMap.SimpleImmutableEntry<>(next++, elements.next());
            }
        };
    }
}
