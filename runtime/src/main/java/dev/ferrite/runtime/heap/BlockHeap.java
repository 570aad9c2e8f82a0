package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.struct.StructStore;

/**
 * The heap as the runtime's own data structures see it: a store of records plus raw block
 * allocation and the root table. Not exported; users see {@code Heap}.
 *
 * <p>Every block starts with a {@link dev.ferrite.runtime.struct.RecordHeader} written by its
 * owner, so that tools can tell what a block holds. Offsets are relative to the heap's segment
 * and never 0 for a live block.
 */
public interface BlockHeap extends StructStore {

    /**
     * Allocates a zeroed block of at least {@code bytes} bytes, aligned to 8, and returns its
     * offset. The caller writes the block's header.
     *
     * @throws dev.ferrite.runtime.HeapFullException if the heap's capacity is exhausted
     */
    long allocate(long bytes);

    /** Returns the block at {@code offset} to the allocator. */
    void free(long offset);

    /** The offset of the root called {@code name}, or 0 if there is none. */
    long root(String name);

    /** Points the root called {@code name} at the block at {@code offset} (0 removes it). */
    void setRoot(String name, long offset);
}
