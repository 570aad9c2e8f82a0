package dev.ferrite.runtime.memory;

import java.util.Arrays;

/**
 * The regions a heap file is made of, in address order, each directly after the one before: the
 * heap grows by adding one at its end, and never moves a byte.
 *
 * <p>Region 0 is the layout heaps have always had: page 0 (the header), then the page table of
 * the whole region from offset 4096, then data pages. Every later region begins with the page
 * table of its own pages (its table's own descriptors included, and always zero), then its data
 * pages. So the descriptor of any page is found from the region holding it, and a region's table
 * exists only once the region does. Immutable; growth makes a new one.
 */
public final class Regions {
    /** Bytes of each region; region 0 first. */
    private final long[] sizes;
    /** The first byte of each region. */
    private final long[] starts;
    /** The first page of each region, for lookups. */
    private final long[] firstPages;
    /** The offset of the descriptor of each region's first page. */
    private final long[] tables;

    private Regions(long[] sizes) {
        this.sizes = sizes;
        this.starts = new long[sizes.length];
        this.firstPages = new long[sizes.length];
        this.tables = new long[sizes.length];
        long start = 0;
        for (int i = 0; i < sizes.length; i++) {
            starts[i] = start;
            firstPages[i] = start >>> HeapLayout.PAGE_SHIFT;
            tables[i] = i == 0 ? HeapLayout.PAGE_TABLE : start;
            start += sizes[i];
        }
    }

    /** Regions of these sizes in bytes, region 0 first; each a whole number of pages. */
    public static Regions of(long... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("a heap has at least region 0");
        }
        return new Regions(sizes.clone());
    }

    /** These regions and one more of {@code size} bytes at the end. */
    public Regions plus(long size) {
        long[] more = Arrays.copyOf(sizes, sizes.length + 1);
        more[sizes.length] = size;
        return new Regions(more);
    }

    /** The first {@code count} of these regions: a heap whose last regions a compaction emptied. */
    public Regions first(int count) {
        if (count < 1 || count > sizes.length) {
            throw new IllegalArgumentException(count + " regions of " + sizes.length);
        }
        return new Regions(Arrays.copyOf(sizes, count));
    }

    /**
     * How many regions, from region 0, hold every data page below {@code top}: those after are
     * left with no data page below it (at most their page tables).
     */
    public int countHolding(long top) {
        int count = sizes.length;
        while (count > 1 && top <= dataStart(count - 1)) {
            count--;
        }
        return count;
    }

    /** The number of regions. */
    public int count() {
        return sizes.length;
    }

    /** The first byte of region {@code i}. */
    public long start(int i) {
        return starts[i];
    }

    /** The bytes of region {@code i}. */
    public long size(int i) {
        return sizes[i];
    }

    /** The end of region {@code i}. */
    public long end(int i) {
        return starts[i] + sizes[i];
    }

    /** The first data page's offset in region {@code i}, right after its page table. */
    public long dataStart(int i) {
        return i == 0 ? HeapLayout.dataStart(sizes[0]) : starts[i] + tableBytes(sizes[i]);
    }

    /** The end of the last region: the size of the heap. */
    public long size() {
        return end(sizes.length - 1);
    }

    /** Bytes of page table at the front of a region (after region 0) of {@code size} bytes. */
    public static long tableBytes(long size) {
        return HeapLayout.roundUpToPage((size >>> HeapLayout.PAGE_SHIFT) * HeapLayout.DESCRIPTOR_SIZE);
    }

    /** The smallest region (after region 0) with {@code pages} data pages. */
    public static long regionFor(long pages) {
        long data = pages << HeapLayout.PAGE_SHIFT;
        long size = data + tableBytes(data);
        while (size - tableBytes(size) < pages << HeapLayout.PAGE_SHIFT) {
            size += HeapLayout.PAGE_SIZE;
        }
        return size;
    }

    /** The index of the region holding page {@code page}; pages past the end count as the last one's. */
    public int regionOf(long page) {
        int last = firstPages.length - 1;
        if (page >= firstPages[last]) {
            return last;
        }
        int found = Arrays.binarySearch(firstPages, 0, last, page);
        return found >= 0 ? found : -found - 2;
    }

    /** The offset of the 64-byte descriptor of page {@code page}. */
    public long descriptor(long page) {
        int i = regionOf(page);
        return tables[i] + (page - firstPages[i]) * HeapLayout.DESCRIPTOR_SIZE;
    }

    /** The bytes of data pages (no header, no page table) below {@code offset}. */
    public long dataBytesBelow(long offset) {
        long bytes = 0;
        for (int i = 0; i < sizes.length; i++) {
            bytes += Math.max(0, Math.min(offset, end(i)) - dataStart(i));
        }
        return bytes;
    }

    /** How many of the pages {@code [from, to)} are not data pages: the header and the page tables. */
    public long metadataPages(long from, long to) {
        long pages = 0;
        for (int i = 0; i < sizes.length; i++) {
            long first = starts[i] >>> HeapLayout.PAGE_SHIFT;
            long end = dataStart(i) >>> HeapLayout.PAGE_SHIFT;
            pages += Math.max(0, Math.min(to, end) - Math.max(from, first));
        }
        return pages;
    }

    /** Whether page {@code page} is a data page of some region: not a header or page-table page. */
    public boolean isDataPage(long page) {
        int i = regionOf(page);
        return page >= dataStart(i) >>> HeapLayout.PAGE_SHIFT && page < end(i) >>> HeapLayout.PAGE_SHIFT;
    }

    @Override
    public String toString() {
        return "Regions" + Arrays.toString(sizes);
    }
}
