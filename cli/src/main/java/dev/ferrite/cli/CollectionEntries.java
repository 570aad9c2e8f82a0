package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of a root that is a runtime collection of {@code long}s, for {@code ferrite dump}.
 * Collections of references or owned records can only be opened with their struct classes, which
 * the tool does not have; the records they hold are dumped with all the others.
 */
final class CollectionEntries {
    static final String MAP = "ferrite.SortedMap";
    static final String LIST = "ferrite.List";

    private CollectionEntries() {}

    /**
     * The entries of the collection at {@code handle}, each a map with {@code key} (or {@code
     * index}) and {@code value}, in key order; empty if it holds references or records.
     */
    static Optional<List<Map<String, Object>>> of(Heap heap, String typeName, long handle) {
        return switch (typeName) {
            case MAP -> map(heap, handle, KeyType.STRING).or(() -> map(heap, handle, KeyType.LONG));
            case LIST -> list(heap, handle);
            default -> Optional.empty();
        };
    }

    private static <K> Optional<List<Map<String, Object>>> map(Heap heap, long handle, KeyType<K> keys) {
        PersistentSortedMap<K, Long> map;
        try {
            map = PersistentSortedMap.open(heap, handle, keys, ValueType.LONG);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // other key or value types
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<K, Long> entry : map) {
            entries.add(entry("key", entry.getKey(), entry.getValue()));
        }
        return Optional.of(entries);
    }

    private static Optional<List<Map<String, Object>>> list(Heap heap, long handle) {
        PersistentList<Long> list;
        try {
            list = PersistentList.open(heap, handle, ValueType.LONG);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a list of references
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (long i = 0; i < list.size(); i++) {
            entries.add(entry("index", i, list.get(i)));
        }
        return Optional.of(entries);
    }

    private static Map<String, Object> entry(String keyName, Object key, long value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(keyName, key);
        entry.put("value", value);
        return entry;
    }
}
