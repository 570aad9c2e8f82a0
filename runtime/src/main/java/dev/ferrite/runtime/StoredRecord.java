package dev.ferrite.runtime;

import dev.ferrite.runtime.struct.FieldDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A record as the heap stores it, for tools that read a heap without the application's classes
 * (see {@link Heap#forEachRecord}). Field values are read from {@link #bytes()} at the offsets of
 * {@link #fields()}, little-endian; a {@code STRING} field holds a reference that {@link
 * Heap#readString} resolves.
 *
 * @param offset where the record starts in the heap: the value references to it hold
 * @param schemaName the stable name of its struct type
 * @param version the schema version the record was last written with
 * @param fields the fields of the newest version the heap stores; those whose {@code since} is
 *     above {@link #version()} are not set in this record
 * @param bytes a read-only view of the record, header included; valid until the heap changes
 */
public record StoredRecord(
        long offset, String schemaName, int version, List<FieldDescriptor> fields, MemorySegment bytes) {

    public StoredRecord {
        fields = List.copyOf(fields);
    }
}
