package dev.ferrite.cli;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.StoredCollection;
import java.util.AbstractMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * The entries of a sorted map or list, held by a root or by a record's collection field, for
 * {@code ferrite dump}: keys as stored, values decoded as the collection's header says (longs,
 * references and owned records as {@link RecordDecoder.Reference}s). The records that references
 * point at are dumped with all the others.
 *
 * <p>The entries are read from the heap as they are iterated, never gathered: a list of ten
 * million longs must dump in a small fixed amount of memory.
 *
 * @param heap the heap the collection is in, for reading string values
 * @param collection the collection as stored
 */
record CollectionEntries(Heap heap, StoredCollection collection) {
    static final String MAP = "ferrite.SortedMap";
    static final String LIST = "ferrite.List";

    /** The collection at {@code handle}; empty if none starts there. */
    static Optional<CollectionEntries> of(Heap heap, long handle) {
        return StoredCollection.at(heap, handle).map(collection -> new CollectionEntries(heap, collection));
    }

    /** What a key is called in the dump: {@code key} for a map, {@code index} for a list. */
    String keyName() {
        return collection.isMap() ? "key" : "index";
    }

    /** How the text dump introduces the collection: {@code sorted map @4096, 3 entries}. */
    String summary() {
        long size = collection.size();
        return (collection.isMap() ? "sorted map" : "list") + " @" + collection.handle() + ", " + size
                + (collection.isMap() ? (size == 1 ? " entry" : " entries") : (size == 1 ? " element" : " elements"));
    }

    /** The number of entries. */
    long size() {
        return collection.size();
    }

    /** The first {@code limit} entries in key order, values decoded, read as they are iterated. */
    Iterable<Map.Entry<Object, Object>> entries(long limit) {
        return () -> new Iterator<>() {
            private final Iterator<Map.Entry<Object, Object>> stored = collection.entries().iterator();
            private long returned;

            @Override
            public boolean hasNext() {
                return returned < limit && stored.hasNext();
            }

            @Override
            public Map.Entry<Object, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                returned++;
                Map.Entry<Object, Object> entry = stored.next();
                return new AbstractMap.SimpleImmutableEntry<>(key(entry.getKey()), value(entry.getValue()));
            }
        };
    }

    /** A key as the dump shows it: UUIDs in their string form, byte arrays as {@code 0x} and hex digits. */
    private static Object key(Object key) {
        return switch (key) {
            case byte[] bytes -> "0x" + HexFormat.of().formatHex(bytes);
            case UUID uuid -> uuid.toString();
            default -> key;
        };
    }

    private Object value(Object stored) {
        return switch (stored) {
            case null -> null;
            case Long payload -> value(payload.longValue());
            case StoredCollection.Unreadable unreadable -> "<unreadable string: " + unreadable.problem() + ">";
            default -> stored; // a string kept in a leaf, or null
        };
    }

    private Object value(long payload) {
        return switch (collection.valueKind()) {
            case "long" -> payload;
            case "double" -> Double.longBitsToDouble(payload);
            case "reference", "struct" -> payload == 0 ? null
                    : new RecordDecoder.Reference(dev.ferrite.runtime.format.Reference.offset(payload));
            case "string" -> {
                try {
                    yield payload == 0 ? null : heap.readString(payload);
                } catch (CorruptHeapException e) {
                    yield "<unreadable string at offset " + payload + ">";
                }
            }
            default -> payload;
        };
    }
}
