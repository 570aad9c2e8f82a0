package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.struct.StructStore;
import dev.ferrite.runtime.struct.StructType;

/**
 * The heap as the runtime's own data structures see it: a store of records plus raw block
 * allocation and the root table. Not exported; users see {@code Heap}.
 *
 * <p>Every block starts with a {@link dev.ferrite.runtime.format.RecordHeader} written by its
 * owner, so that tools can tell what a block holds. Offsets are relative to the heap's segment
 * and never 0 for a live block.
 */
public interface BlockHeap extends StructStore {

    /**
     * Allocates a zeroed block of at least {@code bytes} bytes, aligned to 8, and returns its
     * offset. The caller writes the block's header.
     *
     * @throws dev.ferrite.runtime.HeapFullException if the heap cannot grow to hold the block (its bound is reached)
     */
    long allocate(long bytes);

    /**
     * Allocates a block for a record of {@code type}, writes its header and returns a flyweight
     * over it. A heap gives the record a new generation (see {@link
     * dev.ferrite.runtime.format.RecordHeader}), so that a flyweight of the block's previous record
     * does not match it; this default gives generation 0, for stores that do not reuse blocks
     * under live flyweights.
     */
    default <T> T allocate(StructType<T> type) {
        return type.initialize(this, allocate(type.size()));
    }

    /**
     * Returns the block at {@code offset} to the allocator. A struct record goes with what it
     * owns: the heap strings of its string fields and the collections of its collection fields.
     */
    void free(long offset);

    /**
     * Called by a sorted map each time an entry's removal frees a string it owned as a value, so
     * that it can pack its remaining strings into fewer pages once it has freed many; returns how
     * many it has freed since it last did. This default counts nothing and returns 0.
     *
     * @param mapHeader the offset of the map's header block
     */
    default long ownedStringFreed(long mapHeader) {
        return 0;
    }

    /** The offset of the root called {@code name}, or 0 if there is none. */
    long root(String name);

    /** Points the root called {@code name} at the block at {@code offset} (0 removes it). */
    void setRoot(String name, long offset);

    /**
     * Called by a collection operation that threw after it may have begun to change the heap:
     * records the operation so that the heap refuses to commit until a rollback, and returns the
     * exception to throw (a memory fault becomes a {@link dev.ferrite.runtime.HeapFullException}).
     * Errors other than memory faults are rethrown as they are.
     *
     * @param operation what was asked, as a phrase: "add to the list at offset 4096"
     */
    default RuntimeException interrupted(String operation, Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }
}
