package dev.ferrite.runtime;

import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.function.LongFunction;

/**
 * The collections of struct fields, as generated flyweights open them: a getter {@code
 * PersistentSortedMap<K, V> x()} or {@code PersistentList<E> x()} of a {@code @PersistentStruct}
 * calls one of these methods. Application code calls the getter instead.
 *
 * <p>The field holds the handle of the collection's header block, {@code 0} until the getter
 * first runs: then the collection is created empty and its handle stored, as a write to the
 * record (so a rollback forgets both). The record owns the collection: {@link Heap#free} frees it
 * with the record. On a heap opened read-only, the getter of a field whose collection was never
 * created throws {@link IllegalStateException}: there is nothing to read, and creating it would be
 * a write.
 */
public final class CollectionFields {
    private CollectionFields() {}

    /**
     * The sorted map of the field {@code field} at {@code offset} in {@code record}'s layout,
     * added in schema version {@code since}; created empty on first use.
     *
     * @throws IllegalStateException if the map must be created but the heap is read-only
     * @throws CorruptHeapException if the field holds something other than a map of these types
     * @throws UnsupportedOperationException if the record is not in a {@link Heap}
     */
    public static <K, V> PersistentSortedMap<K, V> sortedMap(
            Flyweight record, String field, long offset, int since, KeyType<K> keys, ValueType<V> values) {
        BlockHeap heap = heapOf(record, field);
        long handle = handle(record, offset, since);
        if (handle != 0) {
            return open(record, field, handle, found -> PersistentSortedMap.open(heap, found, keys, values));
        }
        requireWritable(record, field, "sorted map");
        PersistentSortedMap<K, V> map = PersistentSortedMap.create(heap, keys, values);
        store(record, offset, since, map.handle());
        return map;
    }

    /**
     * The list of the field {@code field} at {@code offset} in {@code record}'s layout, added in
     * schema version {@code since}; created empty on first use.
     *
     * @throws IllegalStateException if the list must be created but the heap is read-only
     * @throws CorruptHeapException if the field holds something other than a list of this type
     * @throws UnsupportedOperationException if the record is not in a {@link Heap}
     */
    public static <E> PersistentList<E> list(
            Flyweight record, String field, long offset, int since, ValueType<E> elements) {
        BlockHeap heap = heapOf(record, field);
        long handle = handle(record, offset, since);
        if (handle != 0) {
            return open(record, field, handle, found -> PersistentList.open(heap, found, elements));
        }
        requireWritable(record, field, "list");
        PersistentList<E> list = PersistentList.create(heap, elements);
        store(record, offset, since, list.handle());
        return list;
    }

    private static BlockHeap heapOf(Flyweight record, String field) {
        if (record.store() instanceof BlockHeap heap) {
            return heap;
        }
        throw new UnsupportedOperationException(describe(record, field)
                + " is a collection, which only a record in a Heap can hold");
    }

    /** The stored handle, or 0 when there is none yet: also for a record older than the field. */
    private static long handle(Flyweight record, long offset, int since) {
        MemorySegment segment = record.store().segment();
        if (RecordHeader.version(segment, record.offset()) < since) {
            return 0;
        }
        return segment.get(LittleEndian.LONG, record.offset() + offset);
    }

    private static <C> C open(Flyweight record, String field, long handle, LongFunction<C> opener) {
        try {
            return opener.apply(handle);
        } catch (IllegalArgumentException e) {
            // The handle came from the record, not from the caller: a wrong one is damage.
            throw new CorruptHeapException(describe(record, field) + ": " + e.getMessage(), e);
        }
    }

    private static void requireWritable(Flyweight record, String field, String collection) {
        if (record.store().segment().isReadOnly()) {
            throw new IllegalStateException(describe(record, field) + " has no " + collection
                    + " yet and the heap is open read-only; its first use by a writer creates it");
        }
    }

    /** Stores the new collection's handle, raising the record's version to the field's if it is older. */
    private static void store(Flyweight record, long offset, int since, long handle) {
        MemorySegment segment = record.store().segment();
        long at = record.offset() + offset;
        segment.set(LittleEndian.LONG, at, handle);
        record.store().markDirty(at, 8);
        long versionAt = record.offset() + RecordHeader.VERSION;
        if (RecordHeader.version(segment, record.offset()) < since) {
            segment.set(LittleEndian.SHORT, versionAt, (short) since);
            record.store().markDirty(versionAt, 2);
        }
    }

    private static String describe(Flyweight record, String field) {
        return "field " + field + " of the " + record.structType().schemaName() + " record at offset "
                + record.offset();
    }
}
