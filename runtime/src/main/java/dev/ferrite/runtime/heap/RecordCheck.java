package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
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
     * <p>A reference into the heap's used pages that finds no live block, or a live block of
     * another of the heap's types, outlived its record: the application freed the record while a
     * reference or flyweight still pointed at it. That is a programming error, not damage, and is
     * reported as such; a reference that never could have been one means the file is damaged.
     *
     * @param what names the expected record in messages
     * @throws IllegalStateException if the reference outlived its record
     * @throws CorruptHeapException saying what is there instead, if the heap is damaged
     */
    void require(long offset, int typeId, long size, String what) {
        long block = allocator.blockSize(offset);
        if (block == 0) {
            if (allocator.mayHaveBeenBlock(offset)) {
                throw new IllegalStateException(source + ": the " + what + " at offset " + offset + " was freed (no"
                        + " block is allocated there now), but a reference or flyweight still leads to it: use after"
                        + " free. Clear references to a record before freeing it, and drop flyweights of records"
                        + " freed or rolled back");
            }
            throw new CorruptHeapException(source + ": reference to a " + what + " at offset " + offset
                    + ", where no block is allocated");
        }
        int found = RecordHeader.typeId(segment, offset);
        if (found != typeId) {
            if (catalog.knows(found)) {
                throw new IllegalStateException(source + ": expected a " + what + " at offset " + offset + ", found a "
                        + catalog.typeName(found) + ": the " + what + " was freed and its block reused while a"
                        + " reference or flyweight still led to it (use after free)");
            }
            throw new CorruptHeapException(source + ": expected a " + what + " at offset " + offset + ", found a "
                    + catalog.typeName(found));
        }
        if (block < size) {
            throw new CorruptHeapException(source + ": the " + what + " at offset " + offset + " needs " + size
                    + " bytes, its block has " + block);
        }
    }

    /**
     * {@link #require} for a stored {@link Reference} to a struct record, which also checks that
     * the record there is still the one referred to: the generation in its header is the one the
     * reference carries. A block given to a new record of the same type has a new generation.
     *
     * @throws IllegalStateException naming the type and offset if the reference outlived its record
     * @throws CorruptHeapException saying what is there instead, if the heap is damaged
     */
    void requireRecord(long reference, int typeId, long size, String what) {
        long offset = Reference.offset(reference);
        int expected = Reference.generation(reference);
        // A header that holds the expected type id and the reference's own generation (never 0,
        // never FREED) was written by the allocation the reference was made for: the block is that
        // record's, live. Reading the page table to prove it again would cost a second cache line on
        // every followed reference; a damaged reference finds 48 matching bits only by rare chance,
        // and verify() still checks every reference against the page table.
        if (expected != 0 && expected != RecordHeader.FREED && allocator.inUsedPages(offset, size)
                && RecordHeader.typeId(segment, offset) == typeId
                && RecordHeader.generation(segment, offset) == expected) {
            return;
        }
        require(offset, typeId, size, what);
        int found = RecordHeader.generation(segment, offset);
        if (found != expected) {
            throw new IllegalStateException(source + ": the " + what + " at offset " + offset + " was freed and its"
                    + " block given to a new " + what + " (generation " + found + ", the reference was made to"
                    + " generation " + expected + "), but a reference still leads to it: use after free. Clear"
                    + " references to a record before freeing it");
        }
    }
}
