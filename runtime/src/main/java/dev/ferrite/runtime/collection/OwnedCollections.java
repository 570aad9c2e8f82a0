package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.BlockHeap;

/** The collections that records own through their collection fields, freed with the records. */
public final class OwnedCollections {
    private OwnedCollections() {}

    /**
     * Frees the sorted map or list whose header is at {@code handle}, with its nodes, keys and
     * owned values.
     *
     * @throws CorruptHeapException if no sorted map or list starts at {@code handle}
     */
    public static void free(BlockHeap heap, long handle) {
        int typeId = handle > 0 && handle <= heap.segment().byteSize() - RecordHeader.SIZE
                ? RecordHeader.typeId(heap.segment(), handle)
                : 0;
        if (typeId == NodeFormat.MAP_TYPE_ID) {
            BPlusTree.open(heap, handle).destroy();
        } else if (typeId == ChunkedList.HEADER_TYPE_ID) {
            ChunkedList.open(heap, handle).destroy();
        } else {
            throw new CorruptHeapException("a record's collection field holds the handle " + handle
                    + ", where no sorted map or list starts (type id 0x" + Integer.toHexString(typeId) + ")");
        }
    }
}
