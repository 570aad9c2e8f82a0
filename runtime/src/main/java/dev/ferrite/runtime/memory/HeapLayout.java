package dev.ferrite.runtime.memory;

/**
 * Where things are in a heap file. Page 0 holds two copies of the header; the page table (one
 * 64-byte descriptor per page of the file) follows from page 1, so all allocator metadata sits
 * together at the front of the file instead of between the records; the data pages come after
 * it. Everything else (type catalog, root table, records, strings) lives in blocks in the data
 * pages.
 */
public final class HeapLayout {
    /** Bytes per page: the unit of allocation of the page table and of FAMS commits. */
    public static final int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 12;
    /** Offsets of the two copies of the header in page 0. */
    public static final long[] HEADER_COPIES = {0, 2048};
    /** Bytes per page descriptor. */
    public static final int DESCRIPTOR_SIZE = 64;
    /** Offset of the page table. */
    public static final long PAGE_TABLE = PAGE_SIZE;

    private HeapLayout() {}

    /** The number of pages of a heap of {@code capacity} bytes. */
    public static long pages(long capacity) {
        return capacity >>> PAGE_SHIFT;
    }

    /** The offset of the first data page of a heap of {@code capacity} bytes. */
    public static long dataStart(long capacity) {
        long tableBytes = pages(capacity) * DESCRIPTOR_SIZE;
        return PAGE_TABLE + roundUpToPage(tableBytes);
    }

    /** The offset of the descriptor of page {@code page} of region 0; {@link Regions#descriptor} for any page. */
    public static long descriptor(long page) {
        return PAGE_TABLE + page * DESCRIPTOR_SIZE;
    }

    /** {@code bytes} rounded up to a whole number of pages. */
    public static long roundUpToPage(long bytes) {
        return (bytes + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
