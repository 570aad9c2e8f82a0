package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.MemorySegment;

/** The check made before a reference is followed: a live block of the expected type and size is there. */
final class RecordCheck {
    private final MemorySegment segment;
    private final Allocator allocator;
    private final Catalog catalog;
    private final String source;

    RecordCheck(MemorySegment segment, Allocator allocator, Catalog catalog, String source) {
        this.segment = segment;
        this.allocator = allocator;
        this.catalog = catalog;
        this.source = source;
    }

    /**
     * Checks that an allocated block of at least {@code size} bytes holding a record of {@code
     * typeId} starts at {@code offset}.
     *
     * @param what names the expected record in messages
     * @throws CorruptHeapException saying what is there instead
     */
    void require(long offset, int typeId, long size, String what) {
        long block = allocator.blockSize(offset);
        if (block == 0) {
            throw new CorruptHeapException(source + ": reference to a " + what + " at offset " + offset
                    + ", where no block is allocated");
        }
        int found = RecordHeader.typeId(segment, offset);
        if (found != typeId) {
            throw new CorruptHeapException(source + ": expected a " + what + " at offset " + offset + ", found a "
                    + catalog.typeName(found));
        }
        if (block < size) {
            throw new CorruptHeapException(source + ": the " + what + " at offset " + offset + " needs " + size
                    + " bytes, its block has " + block);
        }
    }
}
