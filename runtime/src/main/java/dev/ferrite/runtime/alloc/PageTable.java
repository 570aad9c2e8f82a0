package dev.ferrite.runtime.alloc;

import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/**
 * The page table: one 64-byte descriptor per page, all of those of a region together at its
 * front (see {@link dev.ferrite.runtime.memory.Regions}). Updating a slab's bitmap or a run's pages touches the table only, so the metadata
 * pages a commit writes are few and shared by many allocations.
 *
 * <p>A descriptor is all zeros for a free page (so untouched pages need no writing), else:
 * kind (1 byte), size class (1), blocks in use (2), run length in pages (4), the slab bitmap
 * (32 bytes, one bit per block), zeros, and a CRC-32C of the first 60 bytes at offset 60.
 */
final class PageTable {
    static final byte FREE = 0;
    /** A page of small blocks of one size class. */
    static final byte SLAB = 1;
    /** The first page of a run of whole pages holding one large block. */
    static final byte RUN = 2;
    /** A later page of a run. */
    static final byte RUN_TAIL = 3;

    private static final long KIND = 0;
    private static final long SIZE_CLASS = 1;
    private static final long USED = 2;
    private static final long RUN_PAGES = 4;
    private static final long BITMAP = 8;
    private static final long CRC = 60;

    private final SegmentStore memory;
    private final MemorySegment segment;
    private final HeapHeader header;

    PageTable(SegmentStore memory, HeapHeader header) {
        this.memory = memory;
        this.segment = memory.segment();
        this.header = header;
    }

    /** The offset of the descriptor of {@code page}, in the table of the region holding it. */
    long descriptor(long page) {
        return header.regions().descriptor(page);
    }

    byte kind(long page) {
        return segment.get(LittleEndian.BYTE, descriptor(page) + KIND);
    }

    int sizeClass(long page) {
        return Byte.toUnsignedInt(segment.get(LittleEndian.BYTE, descriptor(page) + SIZE_CLASS));
    }

    int used(long page) {
        return Short.toUnsignedInt(segment.get(LittleEndian.SHORT, descriptor(page) + USED));
    }

    int runPages(long page) {
        return segment.get(LittleEndian.INT, descriptor(page) + RUN_PAGES);
    }

    boolean bit(long page, int block) {
        long word = segment.get(LittleEndian.LONG, descriptor(page) + BITMAP + (block >>> 6) * 8L);
        return (word & (1L << block)) != 0;
    }

    long bitmapWord(long page, int word) {
        return segment.get(LittleEndian.LONG, descriptor(page) + BITMAP + word * 8L);
    }

    /** Sets or clears one block's bit and adjusts the count in use. */
    void setBit(long page, int block, boolean inUse) {
        long at = descriptor(page);
        long wordAt = at + BITMAP + (block >>> 6) * 8L;
        long word = segment.get(LittleEndian.LONG, wordAt);
        segment.set(LittleEndian.LONG, wordAt, inUse ? word | (1L << block) : word & ~(1L << block));
        segment.set(LittleEndian.SHORT, at + USED, (short) (used(page) + (inUse ? 1 : -1)));
        seal(at);
    }

    void writeSlab(long page, int sizeClass) {
        long at = clear(page);
        segment.set(LittleEndian.BYTE, at + KIND, SLAB);
        segment.set(LittleEndian.BYTE, at + SIZE_CLASS, (byte) sizeClass);
        seal(at);
    }

    /** Marks {@code pages} pages from {@code first} as one run. */
    void writeRun(long first, int pages) {
        long at = clear(first);
        segment.set(LittleEndian.BYTE, at + KIND, RUN);
        segment.set(LittleEndian.INT, at + RUN_PAGES, pages);
        seal(at);
        for (long page = first + 1; page < first + pages; page++) {
            long tail = clear(page);
            segment.set(LittleEndian.BYTE, tail + KIND, RUN_TAIL);
            seal(tail);
        }
    }

    /** Marks {@code pages} pages from {@code first} free: their descriptors become zeros. */
    void writeFree(long first, long pages) {
        memory.zero(descriptor(first), pages * HeapLayout.DESCRIPTOR_SIZE);
    }

    private long clear(long page) {
        long at = descriptor(page);
        segment.asSlice(at, HeapLayout.DESCRIPTOR_SIZE).fill((byte) 0);
        return at;
    }

    private void seal(long at) {
        segment.set(LittleEndian.INT, at + CRC, crc(at));
        memory.markDirty(at, HeapLayout.DESCRIPTOR_SIZE);
    }

    /** Whether the descriptor of {@code page} is all zeros or carries a matching checksum. */
    boolean intact(long page) {
        long at = descriptor(page);
        if (segment.asSlice(at, HeapLayout.DESCRIPTOR_SIZE).mismatch(ZEROS) == -1) {
            return true;
        }
        return segment.get(LittleEndian.INT, at + CRC) == crc(at);
    }

    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[HeapLayout.DESCRIPTOR_SIZE]);

    private int crc(long at) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asSlice(at, CRC).asByteBuffer());
        return (int) crc.getValue();
    }

    /** Whether the reserved bytes between the bitmap and the checksum are zero. */
    boolean reservedClear(long page) {
        long at = descriptor(page);
        for (long off = BITMAP + 32; off < CRC; off += 4) {
            if (segment.get(LittleEndian.INT, at + off) != 0) {
                return false;
            }
        }
        return true;
    }
}
