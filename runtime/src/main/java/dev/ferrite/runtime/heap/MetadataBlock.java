package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * A block of heap metadata (the type catalog, the root table): a record header, the payload's
 * length and CRC-32C, then the payload. Such blocks change rarely, so each change writes a new
 * block and frees the old one instead of editing in place.
 */
final class MetadataBlock {
    private static final long LENGTH = RecordHeader.SIZE;
    private static final long CRC = LENGTH + 4;
    private static final long PAYLOAD = CRC + 4;

    private MetadataBlock() {}

    /**
     * Replaces the metadata block at {@code old} (0 for none) by a new one holding {@code
     * payload}: writes the new block, lets {@code link} point the header at it, writes the header
     * and only then frees the old block.
     */
    static void replace(SegmentStore memory, Allocator allocator, HeapHeader header, long old, int typeId,
            byte[] payload, LongConsumer link) {
        link.accept(write(memory, allocator, typeId, payload));
        header.write(memory);
        if (old != 0) {
            allocator.free(old);
        }
    }

    /** Allocates a block holding {@code payload} and returns its offset. */
    static long write(SegmentStore memory, Allocator allocator, int typeId, byte[] payload) {
        long offset = allocator.allocate(PAYLOAD + payload.length);
        MemorySegment segment = memory.segment();
        RecordHeader.write(segment, offset, typeId, 1);
        segment.set(LittleEndian.INT, offset + LENGTH, payload.length);
        segment.set(LittleEndian.INT, offset + CRC, crc(payload));
        memory.markDirty(offset, PAYLOAD);
        memory.write(offset + PAYLOAD, payload);
        return offset;
    }

    /**
     * Writes {@code payload}, of the length of the one stored, into the block at {@code offset}
     * in place of it: for contents that change only in value, such as offsets a compaction moved.
     */
    static void overwrite(SegmentStore memory, long offset, byte[] payload) {
        MemorySegment segment = memory.segment();
        if (segment.get(LittleEndian.INT, offset + LENGTH) != payload.length) {
            throw new IllegalArgumentException("the metadata block at offset " + offset + " holds "
                    + segment.get(LittleEndian.INT, offset + LENGTH) + " bytes, not " + payload.length);
        }
        segment.set(LittleEndian.INT, offset + CRC, crc(payload));
        memory.markDirty(offset + CRC, 4);
        memory.write(offset + PAYLOAD, payload);
    }

    /**
     * The payload of the block of {@code typeId} at {@code offset}.
     *
     * @throws CorruptHeapException naming {@code what} and the offset if the block is not
     *     allocated, has another type or fails its checksum
     */
    static byte[] read(MemorySegment segment, Allocator allocator, long offset, int typeId, String what) {
        String where = what + " at offset " + offset + ": ";
        long size = allocator.blockSize(offset);
        if (size == 0) {
            throw new CorruptHeapException(where + "no allocated block there");
        }
        if (size < PAYLOAD || RecordHeader.typeId(segment, offset) != typeId) {
            throw new CorruptHeapException(where + "the block holds type id 0x"
                    + Integer.toHexString(RecordHeader.typeId(segment, offset)) + ", expected 0x"
                    + Integer.toHexString(typeId));
        }
        int length = segment.get(LittleEndian.INT, offset + LENGTH);
        if (length < 0 || length > size - PAYLOAD) {
            throw new CorruptHeapException(where + "length " + length + " does not fit its block of " + size + " bytes");
        }
        byte[] payload = segment.asSlice(offset + PAYLOAD, length).toArray(LittleEndian.BYTE);
        if (crc(payload) != segment.get(LittleEndian.INT, offset + CRC)) {
            throw new CorruptHeapException(where + "checksum mismatch");
        }
        return payload;
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
