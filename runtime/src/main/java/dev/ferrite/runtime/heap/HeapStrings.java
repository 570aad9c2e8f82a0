package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Heap strings: a block per value, a record header, the UTF-8 length (4 bytes), then the bytes.
 * Each belongs to one field, which frees it when the value is replaced.
 */
public final class HeapStrings {
    /** The type id in the header of a string block. */
    public static final int TYPE = StructType.typeIdOf("ferrite.String");
    /** Offset of the 4-byte length of the UTF-8 bytes in a string block. */
    public static final long LENGTH = RecordHeader.SIZE;
    /** Offset of the UTF-8 bytes in a string block, and the size of an empty one. */
    public static final long BYTES = LENGTH + 4;

    private final SegmentStore memory;
    private final MemorySegment segment;
    private final Allocator allocator;
    private final RecordCheck records;
    private final String source;

    HeapStrings(SegmentStore memory, Allocator allocator, RecordCheck records, String source) {
        this.memory = memory;
        this.segment = memory.segment();
        this.allocator = allocator;
        this.records = records;
        this.source = source;
    }

    /**
     * The string at {@code reference}; null for 0.
     *
     * @throws CorruptHeapException if no valid string block is there
     */
    String read(long reference) {
        if (reference == 0) {
            return null;
        }
        records.require(reference, TYPE, BYTES, "string");
        int length = segment.get(LittleEndian.INT, reference + LENGTH);
        if (length < 0 || length > allocator.blockSize(reference) - BYTES) {
            throw new CorruptHeapException(source + ": string at offset " + reference + " has length " + length
                    + ", more than its block holds");
        }
        ByteBuffer bytes = segment.asSlice(reference + BYTES, length).asByteBuffer();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptHeapException(source + ": string at offset " + reference + " is not valid UTF-8", e);
        }
    }

    /** Stores {@code value} (nothing for null) in place of the string at {@code oldReference}, freeing it. */
    long replace(long oldReference, String value) {
        if (oldReference != 0) {
            records.require(oldReference, TYPE, BYTES, "string");
        }
        long reference = 0;
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (oldReference != 0 && holds(oldReference, bytes)) {
                // Rewriting a string with itself is common; keeping it dirties no page.
                return oldReference;
            }
            reference = allocator.allocate(BYTES + bytes.length);
            RecordHeader.write(segment, reference, TYPE, 1);
            segment.set(LittleEndian.INT, reference + LENGTH, bytes.length);
            memory.markDirty(reference, BYTES);
            memory.write(reference + BYTES, bytes);
        }
        if (oldReference != 0) {
            allocator.free(oldReference);
        }
        return reference;
    }

    /** Frees the string at {@code reference}, if not 0, after checking that one is there. */
    void free(long reference) {
        if (reference != 0) {
            records.require(reference, TYPE, BYTES, "string");
            allocator.free(reference);
        }
    }

    private boolean holds(long string, byte[] bytes) {
        return segment.get(LittleEndian.INT, string + LENGTH) == bytes.length
                && segment.asSlice(string + BYTES, bytes.length).mismatch(MemorySegment.ofArray(bytes)) == -1;
    }
}
