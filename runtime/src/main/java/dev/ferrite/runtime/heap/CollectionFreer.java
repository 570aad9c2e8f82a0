package dev.ferrite.runtime.heap;

/**
 * Frees a collection that a record owns through a collection field, given the handle the field
 * holds. The heap frees a record's collections with the record, but the collections sit in the
 * layer above it: that layer supplies this when it opens the heap.
 */
@FunctionalInterface
public interface CollectionFreer {

    /** Frees the sorted map or list whose header block is at {@code handle}, with everything it owns. */
    void free(BlockHeap heap, long handle);
}
