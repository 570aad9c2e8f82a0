package dev.ferrite.runtime;

import dev.ferrite.runtime.struct.FieldDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a heap holds, as {@link Heap#info()} reports it: space, roots and the stored types,
 * read from the heap alone (no application classes needed).
 *
 * @param path the heap file
 * @param capacity the most bytes the heap may grow to (its bound, {@link HeapOptions#capacity()}),
 *     {@link HeapOptions#UNBOUNDED} when only the file system and address space limit it
 * @param size the bytes of the file the heap takes now; it grows as records need
 * @param extent bytes from the start of the file to the end of the last page ever used
 * @param allocatedBytes bytes in allocated blocks, rounded up to their block sizes
 * @param allocatedBlocks number of allocated blocks: records, strings and the heap's own
 * @param roots the names of the roots
 * @param types every struct type the heap has stored, in the order first stored
 */
public record HeapInfo(
        Path path,
        long capacity,
        long size,
        long extent,
        long allocatedBytes,
        long allocatedBlocks,
        Set<String> roots,
        List<StoredType> types) {

    public HeapInfo {
        roots = Set.copyOf(roots);
        types = List.copyOf(types);
    }

    /**
     * A struct type as stored in the heap's catalog.
     *
     * @param schemaName the stable schema name
     * @param typeId the id in its records' headers
     * @param version the newest schema version the heap holds
     * @param size bytes per record
     * @param fields the fields of that version
     * @param records the number of records of this type in the heap
     */
    public record StoredType(
            String schemaName, int typeId, int version, long size, List<FieldDescriptor> fields, long records) {

        public StoredType {
            fields = List.copyOf(fields);
        }
    }
}
