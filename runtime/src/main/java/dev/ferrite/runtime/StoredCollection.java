package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.HeapCore;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A sorted map or list as the heap stores it, for tools that read a heap without the
 * application's classes (see {@link Heap#forEachRecord}): keys as stored ({@code Long} or {@code
 * String}; a list's indexes as {@code Long}) and values as their 8-byte payloads, which {@link
 * #valueKind()} tells how to read, but for maps that keep their strings in their leaves: their
 * values are the strings, or {@link Unreadable} where one cannot be read. Entries are read from the heap as they are iterated, so a
 * collection of any size takes a small, fixed amount of memory; no thread may write the heap
 * meanwhile.
 */
public final class StoredCollection {
    private final Heap heap;
    private final long handle;
    private final boolean map;
    private final ValueKind values;
    private final int valueTypeId;

    /** A value that a damaged leaf does not let be read, and why. */
    public record Unreadable(String problem) {}

    private StoredCollection(Heap heap, long handle, boolean map, ValueKind values, int valueTypeId) {
        this.heap = heap;
        this.handle = handle;
        this.map = map;
        this.values = values;
        this.valueTypeId = valueTypeId;
    }

    /**
     * The collection whose header is at {@code handle}, or empty if no sorted map or list starts
     * there.
     *
     * @throws CorruptHeapException if one starts there but its header is damaged
     */
    public static Optional<StoredCollection> at(Heap heap, long handle) {
        HeapCore core = heap.core();
        if (handle <= 0 || handle > core.segment().byteSize() - RecordHeader.SIZE || core.blockSize(handle) == 0) {
            return Optional.empty();
        }
        int typeId = RecordHeader.typeId(core.segment(), handle);
        if (typeId == NodeFormat.MAP_TYPE_ID) {
            MapHeader header = MapHeader.read(core.segment(), handle);
            return Optional.of(new StoredCollection(heap, handle, true, header.values(), header.valueTypeId()));
        }
        if (typeId == ChunkedList.HEADER_TYPE_ID) {
            ChunkedList.Description description = ChunkedList.describe(core.segment(), handle);
            return Optional.of(new StoredCollection(heap, handle, false, description.values(), description.typeId()));
        }
        return Optional.empty();
    }

    /** The offset of the collection's header block. */
    public long handle() {
        return handle;
    }

    /** Whether it is a sorted map; otherwise a list. */
    public boolean isMap() {
        return map;
    }

    /**
     * What the payloads hold: {@code long}, or {@code reference} and {@code struct} (owned) for
     * the offsets of records of {@link #valueType()}, {@code 0} for {@code null}.
     */
    public String valueKind() {
        return values.name().toLowerCase(Locale.ROOT);
    }

    /** The schema name of the records that reference and struct payloads point at; empty otherwise. */
    public String valueType() {
        return valueTypeId == 0 ? "" : heap.core().typeName(valueTypeId);
    }

    /** The number of entries or elements. */
    public long size() {
        return map ? BPlusTree.open(heap.core(), handle).size() : ChunkedList.open(heap.core(), handle).size();
    }

    /** The entries in key order (a list's by index), with their payloads, read as they are iterated. */
    public Iterable<Map.Entry<Object, Object>> entries() {
        return map ? this::mapEntries : this::listEntries;
    }

    private Iterator<Map.Entry<Object, Object>> mapEntries() {
        BPlusTree tree = BPlusTree.open(heap.core(), handle);
        TreeCursor cursor = new TreeCursor(tree);
        cursor.first();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.valid();
            }

            @Override
            public Map.Entry<Object, Object> next() {
                if (!cursor.valid()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<Object, Object> entry = new AbstractMap.SimpleImmutableEntry<>(cursor.key(), value());
                cursor.next();
                return entry;
            }

            private Object value() {
                if (!tree.leafStrings()) {
                    return cursor.payload();
                }
                try {
                    return tree.stringAt(cursor.payloadAddress());
                } catch (CorruptHeapException e) {
                    return new Unreadable(e.getMessage());
                }
            }
        };
    }

    private Iterator<Map.Entry<Object, Object>> listEntries() {
        ChunkedList list = ChunkedList.open(heap.core(), handle);
        long size = list.size();
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<Object, Object> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                long index = next++;
                return new AbstractMap.SimpleImmutableEntry<>(index, list.get(index));
            }
        };
    }

    @Override
    public String toString() {
        return (map ? "sorted map" : "list") + " @" + handle + " of " + valueKind() + " values"
                + (valueTypeId == 0 ? "" : " (" + valueType() + ")");
    }
}
