package dev.ferrite.runtime.alloc;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.memory.Regions;
import dev.ferrite.runtime.memory.SegmentStore;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The heap's allocator: slabs of size-classed blocks for small requests, runs of whole pages for
 * large ones.
 *
 * <p>Designed for the FAMS cost model, where a commit costs per page written. The persistent
 * state is the page table alone (see {@link PageTable}); free lists are rebuilt in memory when
 * the heap is opened, so an allocation writes one 64-byte descriptor and the zeroed block, and
 * a free writes only descriptors. Partly used slabs are reused lowest page first, which keeps
 * live data dense. Pages above the header's top were never used, or were zeroed by the compaction
 * that lowered the top, so a run taken from there is not zeroed (and not dirtied) at all. Nothing is logged: an allocation
 * and the link to it reach the file in the same commit or not at all.
 *
 * <p>When neither a free run nor the pages above the top hold a request, the heap grows: a new
 * region (see {@link dev.ferrite.runtime.memory.Regions}) as large as the heap so far (at least
 * {@value #MIN_GROWTH} bytes, at most {@value #MAX_GROWTH} beyond what the request needs, never
 * past the bound) is added at the end of the file, in place, and listed in the header, which the
 * same commit writes. The unused pages at the end of the last region become free pages.
 */
public final class Allocator {
    private static final MemorySegment ZERO_PAGE = MemorySegment.ofArray(new byte[HeapLayout.PAGE_SIZE]);

    private final SegmentStore memory;
    private final HeapHeader header;
    private final PageTable table;
    /** Per size class, the slabs with at least one free block. */
    private final List<TreeSet<Long>> partial = new ArrayList<>();
    private final FreeRuns freeRuns = new FreeRuns();
    /** The first pages of the runs freed since {@link #takeFreedRuns}: their disk space can go back. */
    private final TreeSet<Long> freedPages = new TreeSet<>();
    /** The smallest region growth adds. */
    static final long MIN_GROWTH = 1L << 20;
    /** The largest step of growth beyond what a request needs: a heap doubles until then. */
    static final long MAX_GROWTH = 64L << 30;
    private long allocatedBytes;
    private long allocatedBlocks;
    /** Allocations and frees done: an operation that fails after this moved has changed the heap. */
    private long changes;
    /** While a compaction moves blocks down: no block is placed on this page or above. */
    private long ceiling = Long.MAX_VALUE;
    /** While a compaction moves blocks down: the free pages from the ceiling up, out of reach. */
    private FreeRuns aboveCeiling;
    /** While a compaction packs the slabs: those it empties, where no block goes. */
    private final TreeSet<Long> emptying = new TreeSet<>();

    private Allocator(SegmentStore memory, HeapHeader header) {
        this.memory = memory;
        this.header = header;
        this.table = new PageTable(memory, header);
        for (int c = 0; c < SizeClasses.count(); c++) {
            partial.add(new TreeSet<>());
        }
    }

    /**
     * Reads the page table of the used pages, checking every descriptor, and rebuilds the free
     * lists.
     *
     * @throws CorruptHeapException naming the page and what is wrong with its descriptor
     */
    public static Allocator load(SegmentStore memory, HeapHeader header, String source) {
        Allocator allocator = new Allocator(memory, header);
        allocator.scan(source);
        return allocator;
    }

    private void scan(String source) {
        Regions regions = header.regions();
        long topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        for (int r = 0; r < regions.count(); r++) {
            long first = regions.dataStart(r) >>> HeapLayout.PAGE_SHIFT;
            long end = Math.min(topPage, regions.end(r) >>> HeapLayout.PAGE_SHIFT);
            if (first < end) {
                scanRegion(first, end, source);
            }
        }
    }

    /** Scans the data pages {@code [first, end)} of one region, whose descriptors lie together. */
    private void scanRegion(long first, long end, String source) {
        long page = first;
        long tableStart = table.descriptor(first);
        // Only the descriptors the file stores are read: a hole in the page table is free pages,
        // so a file claiming a vast heap it does not hold opens at the cost of what it holds.
        for (long[] range : memory.dataRanges(tableStart, tableStart + (end - first) * HeapLayout.DESCRIPTOR_SIZE)) {
            long from = Math.max(page, first + (range[0] - tableStart) / HeapLayout.DESCRIPTOR_SIZE);
            long to = Math.min(end, first + (range[1] - tableStart + HeapLayout.DESCRIPTOR_SIZE - 1)
                    / HeapLayout.DESCRIPTOR_SIZE);
            if (from > page) {
                freeRuns.add(page, from - page);
                page = from;
            }
            while (page < to) {
                page += scanPage(page, end, source);
            }
        }
        if (page < end) {
            freeRuns.add(page, end - page);
        }
    }

    /** Checks the descriptor of {@code page} and records what it holds; returns the pages it covers. */
    private long scanPage(long page, long topPage, String source) {
        String where = source + ": page table entry of page " + page + " (offset "
                + table.descriptor(page) + "): ";
        if (!table.intact(page)) {
            throw new CorruptHeapException(where + "checksum mismatch");
        }
        if (!table.reservedClear(page)) {
            throw new CorruptHeapException(where + "reserved bytes are not zero");
        }
        return switch (table.kind(page)) {
            case PageTable.FREE -> {
                freeRuns.add(page, 1);
                yield 1;
            }
            case PageTable.SLAB -> {
                scanSlab(page, where);
                yield 1;
            }
            case PageTable.RUN -> scanRun(page, topPage, where, source);
            case PageTable.RUN_TAIL -> throw new CorruptHeapException(where + "a run's tail page without its head");
            default -> throw new CorruptHeapException(where + "unknown kind " + table.kind(page));
        };
    }

    private void scanSlab(long page, String where) {
        int sizeClass = table.sizeClass(page);
        if (sizeClass >= SizeClasses.count()) {
            throw new CorruptHeapException(where + "unknown size class " + sizeClass + " (this runtime knows "
                    + SizeClasses.count() + ")");
        }
        int blocks = SizeClasses.blocksPerSlab(sizeClass);
        int bits = 0;
        for (int word = 0; word < SizeClasses.MAX_BLOCKS / 64; word++) {
            long value = table.bitmapWord(page, word);
            int inWord = Math.clamp(blocks - word * 64L, 0, 64);
            long valid = inWord == 64 ? -1L : (1L << inWord) - 1;
            if ((value & ~valid) != 0) {
                throw new CorruptHeapException(where + "bitmap marks blocks beyond the slab's " + blocks);
            }
            bits += Long.bitCount(value);
        }
        int used = table.used(page);
        if (used != bits || used == 0) {
            throw new CorruptHeapException(where + "slab counts " + used + " blocks in use, its bitmap " + bits);
        }
        if (used < blocks) {
            partial.get(sizeClass).add(page);
        }
        allocatedBlocks += used;
        allocatedBytes += (long) used * SizeClasses.blockSize(sizeClass);
    }

    private int scanRun(long page, long topPage, String where, String source) {
        int pages = table.runPages(page);
        if (pages < 1 || page + pages > topPage) {
            throw new CorruptHeapException(where + "run of " + pages + " pages does not fit below page " + topPage
                    + ", the top or the end of its region");
        }
        for (long tail = page + 1; tail < page + pages; tail++) {
            if (!table.intact(tail) || table.kind(tail) != PageTable.RUN_TAIL || !table.reservedClear(tail)) {
                throw new CorruptHeapException(source + ": page table entry of page " + tail + " (offset "
                        + table.descriptor(tail) + "): expected the tail of the run starting at page " + page);
            }
        }
        allocatedBlocks++;
        allocatedBytes += (long) pages * HeapLayout.PAGE_SIZE;
        return pages;
    }

    /**
     * Allocates a zeroed block of at least {@code bytes} bytes, 8-aligned.
     *
     * @throws HeapFullException if no free space and no unused capacity is left
     */
    public long allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        }
        if (bytes <= SizeClasses.MAX_SMALL) {
            return allocateSmall(SizeClasses.classOf(bytes));
        }
        long pages = HeapLayout.roundUpToPage(bytes) >>> HeapLayout.PAGE_SHIFT;
        if (pages > Integer.MAX_VALUE) {
            throw full(bytes, pages);
        }
        long first = takePages(pages, bytes, true);
        table.writeRun(first, (int) pages);
        changes++;
        allocatedBlocks++;
        allocatedBytes += pages * HeapLayout.PAGE_SIZE;
        return first << HeapLayout.PAGE_SHIFT;
    }

    private long allocateSmall(int sizeClass) {
        TreeSet<Long> slabs = partial.get(sizeClass);
        long page;
        if (slabs.isEmpty() || slabs.first() >= ceiling) {
            page = takePages(1, SizeClasses.blockSize(sizeClass), false);
            if (SizeClasses.newerThanFormat1(sizeClass) && header.format() == HeapHeader.FORMAT_1) {
                // The previous release would take this slab's class for damage: the header, in
                // the current format, makes it refuse the whole file as newer instead.
                header.write(memory);
            }
            table.writeSlab(page, sizeClass);
            slabs.add(page);
        } else {
            page = slabs.first();
        }
        int block = firstFreeBlock(page, sizeClass);
        table.setBit(page, block, true);
        if (table.used(page) == SizeClasses.blocksPerSlab(sizeClass)) {
            slabs.remove(page);
        }
        int size = SizeClasses.blockSize(sizeClass);
        long offset = (page << HeapLayout.PAGE_SHIFT) + (long) block * size;
        memory.zero(offset, size);
        changes++;
        allocatedBlocks++;
        allocatedBytes += size;
        return offset;
    }

    private int firstFreeBlock(long page, int sizeClass) {
        int blocks = SizeClasses.blocksPerSlab(sizeClass);
        for (int word = 0; word * 64 < blocks; word++) {
            long free = ~table.bitmapWord(page, word);
            if (free != 0) {
                int block = word * 64 + Long.numberOfTrailingZeros(free);
                if (block < blocks) {
                    return block;
                }
            }
        }
        throw new IllegalStateException("slab at page " + page + " is listed as partial but is full");
    }

    /** Takes {@code pages} pages: best fit among the free runs, else from above the top. */
    private long takePages(long pages, long forBytes, boolean zeroReused) {
        long first = freeRuns.take(pages);
        if (first >= 0) {
            if (zeroReused) {
                memory.zero(first << HeapLayout.PAGE_SHIFT, pages << HeapLayout.PAGE_SHIFT);
            }
            return first;
        }
        long topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        if (topPage + pages > ceiling) {
            throw full(forBytes, pages);
        }
        if (topPage + pages > header.size() >>> HeapLayout.PAGE_SHIFT) {
            grow(pages, forBytes);
            topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        }
        header.top((topPage + pages) << HeapLayout.PAGE_SHIFT);
        header.write(memory);
        return topPage;
    }

    /**
     * Adds a region with at least {@code pages} data pages at the end of the heap and moves the
     * top to its first data page. Checks everything before it changes anything, so that a refusal
     * leaves the heap as it was.
     */
    private void grow(long pages, long forBytes) {
        long size = header.size();
        long needed = Regions.regionFor(pages);
        long step = Math.max(needed, Math.min(Math.max(size, MIN_GROWTH), needed + MAX_GROWTH));
        long limit = limit();
        if (header.regions().count() > HeapHeader.MAX_REGIONS || limit - size < needed) {
            throw full(forBytes, pages);
        }
        long region = Math.min(step, (limit - size) & -HeapLayout.PAGE_SIZE);
        if (header.regions().count() == HeapHeader.MAX_REGIONS) {
            region = (limit - size) & -HeapLayout.PAGE_SIZE; // the last region the header can list takes all
        }
        if (memory.size() > size) {
            // The file reaches past the heap: regions a compaction dropped, not yet cut off (readers
            // were open, or the process stopped first). A new region must read as zeros.
            zeroPages(size, Math.min(memory.size(), size + region));
        }
        memory.extendTo(size + region);
        long topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        long endPage = size >>> HeapLayout.PAGE_SHIFT;
        if (topPage < endPage) {
            freeRuns.add(topPage, endPage - topPage);
        }
        header.addRegion(region);
        header.top(header.regions().dataStart(header.regions().count() - 1));
    }

    /** The most bytes the heap can reach: its bound, or the address space its memory reserves. */
    private long limit() {
        return Math.min(header.bound(), memory.limit()) & -HeapLayout.PAGE_SIZE;
    }

    private HeapFullException full(long bytes, long pages) {
        long freePages = freeRuns.totalPages() + ((header.size() - header.top()) >>> HeapLayout.PAGE_SHIFT);
        String left = freePages == 0 ? "no free page is left"
                : freePages + (freePages == 1 ? " free page (" : " free pages (") + (freePages << HeapLayout.PAGE_SHIFT)
                        + " bytes) are left, but no " + pages + " of them in a row";
        String limit = header.bound() <= memory.limit()
                ? "its bound of " + header.bound() + " bytes (HeapOptions.capacity). Free records the application no"
                        + " longer needs (or roll back) and commit, or raise the bound: reopen the heap with a larger"
                        + " HeapOptions.capacity, or run `ferrite grow <heap> --capacity <bytes>`"
                : "the " + memory.limit() + " bytes of address space reserved for it. Free records the application"
                        + " no longer needs (or roll back) and commit, or reopen the heap with a larger"
                        + " HeapOptions.capacity, which reserves that much";
        return new HeapFullException("heap full: cannot allocate " + bytes + " bytes (" + pages
                + (pages == 1 ? " page" : " pages") + "): " + left + " in its " + header.size() + " bytes, of which "
                + allocatedBytes + " are allocated to blocks and the rest holds the heap's metadata, and it cannot"
                + " grow past " + limit);
    }

    /**
     * Frees the block starting at {@code offset}.
     *
     * @throws IllegalArgumentException if no allocated block starts there (a double free, or an
     *     offset that never was a block)
     */
    public void free(long offset) {
        long page = checkedPage(offset);
        switch (table.kind(page)) {
            case PageTable.SLAB -> freeSmall(offset, page);
            case PageTable.RUN -> {
                if ((offset & (HeapLayout.PAGE_SIZE - 1)) != 0) {
                    throw notABlock(offset, "inside a block of " + table.runPages(page) + " pages");
                }
                int pages = table.runPages(page);
                changes++;
                table.writeFree(page, pages);
                addFree(page, pages);
                freedPages.add(page);
                allocatedBlocks--;
                allocatedBytes -= (long) pages * HeapLayout.PAGE_SIZE;
            }
            case PageTable.RUN_TAIL -> throw notABlock(offset, "inside a block of several pages");
            default -> throw notABlock(offset, "in a free page: already freed?");
        }
    }

    private void freeSmall(long offset, long page) {
        int sizeClass = table.sizeClass(page);
        int size = SizeClasses.blockSize(sizeClass);
        long within = offset - (page << HeapLayout.PAGE_SHIFT);
        if (within % size != 0 || within / size >= SizeClasses.blocksPerSlab(sizeClass)) {
            throw notABlock(offset, "inside a block of " + size + " bytes");
        }
        int block = (int) (within / size);
        if (!table.bit(page, block)) {
            throw notABlock(offset, "a free block of " + size + " bytes: already freed?");
        }
        changes++;
        allocatedBlocks--;
        allocatedBytes -= size;
        if (table.used(page) == 1) {
            partial.get(sizeClass).remove(page);
            emptying.remove(page);
            table.writeFree(page, 1);
            addFree(page, 1);
            freedPages.add(page);
        } else {
            table.setBit(page, block, false);
            if (!emptying.contains(page)) {
                partial.get(sizeClass).add(page);
            }
        }
    }

    /** Makes {@code pages} pages from {@code first} free, keeping those from the ceiling up apart. */
    private void addFree(long first, long pages) {
        if (aboveCeiling == null || first + pages <= ceiling) {
            freeRuns.add(first, pages);
        } else if (first >= ceiling) {
            aboveCeiling.add(first, pages);
        } else {
            freeRuns.add(first, ceiling - first);
            aboveCeiling.add(ceiling, first + pages - ceiling);
        }
    }

    // ---- compaction

    /**
     * Plans a compaction that leaves the blocks starting at {@code pinned} (ascending) where they
     * are: first the slabs to empty into the lowest slabs of their size class ({@link
     * #emptySlabs}), then the lowest page from which up every block can move below it ({@link
     * #limitBelow}), as {@link #allocate} will place them.
     */
    public CompactionPlan planCompaction(long[] pinned) {
        TreeSet<Long> pinnedPages = new TreeSet<>();
        Regions regions = header.regions();
        long firstPage = header.dataStart() >>> HeapLayout.PAGE_SHIFT;
        // The cut may fall in any region: those left without a used page are dropped (see lowerTop).
        long lowest = firstPage;
        for (long offset : pinned) {
            pinnedPages.add(offset >>> HeapLayout.PAGE_SHIFT);
            lowest = Math.max(lowest, HeapLayout.roundUpToPage(offset + blockSize(offset)) >>> HeapLayout.PAGE_SHIFT);
        }
        CompactionCut cut = new CompactionCut(table, freeRuns, regions, firstPage,
                header.top() >>> HeapLayout.PAGE_SHIFT, pinnedPages);
        return new CompactionPlan(cut.emptied(), cut.lowest(lowest));
    }

    /**
     * Places no block in the slabs at {@code pages} until {@link #limitBelow}: a compaction moves
     * their blocks out, into the other slabs of their size class.
     */
    public void emptySlabs(long[] pages) {
        for (long page : pages) {
            if (table.kind(page) != PageTable.SLAB) {
                throw new IllegalArgumentException("page " + page + " is no slab");
            }
            emptying.add(page);
            partial.get(table.sizeClass(page)).remove(page);
        }
    }

    /**
     * Chooses slabs to empty into the other slabs of their size class, among the slabs {@code
     * pages} (ascending) whose allocated blocks are exactly the {@code blocks} counted there, all
     * of one owner that can move them; places no block in them until {@link #endEmptying}. The
     * emptiest go first, as long as each is at most {@code maxUse} of its blocks used and the other
     * slabs of its class keep a free block for each block moved. Returns the chosen pages,
     * ascending; none if fewer than {@code atLeast} would be.
     */
    public long[] emptySparseSlabs(long[] pages, int[] blocks, double maxUse, int atLeast) {
        List<long[]> candidates = new ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            long page = pages[i];
            if (page < ceiling && table.kind(page) == PageTable.SLAB && !emptying.contains(page)
                    && table.used(page) == blocks[i]
                    && blocks[i] <= maxUse * SizeClasses.blocksPerSlab(table.sizeClass(page))) {
                candidates.add(new long[] {page, table.sizeClass(page), blocks[i]});
            }
        }
        candidates.sort(Comparator.comparingLong((long[] c) -> c[2]).thenComparingLong(c -> c[0]));
        long[] freeBlocks = new long[SizeClasses.count()];
        boolean[] counted = new boolean[SizeClasses.count()];
        long[] moving = new long[SizeClasses.count()];
        List<Long> chosen = new ArrayList<>();
        for (long[] candidate : candidates) {
            int sizeClass = (int) candidate[1];
            int perSlab = SizeClasses.blocksPerSlab(sizeClass);
            if (!counted[sizeClass]) {
                counted[sizeClass] = true;
                for (long page : partial.get(sizeClass)) {
                    freeBlocks[sizeClass] += perSlab - table.used(page);
                }
            }
            long left = freeBlocks[sizeClass] - (perSlab - candidate[2]);
            if (left - moving[sizeClass] >= candidate[2]) {
                freeBlocks[sizeClass] = left;
                moving[sizeClass] += candidate[2];
                chosen.add(candidate[0]);
            }
        }
        if (chosen.size() < atLeast) {
            return new long[0];
        }
        long[] emptied = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
        emptySlabs(emptied);
        return emptied;
    }

    /** Lets blocks go again into the slabs {@link #emptySparseSlabs} chose that still hold some. */
    public void endEmptying() {
        for (long page : emptying) {
            if (table.kind(page) == PageTable.SLAB && table.used(page) < SizeClasses.blocksPerSlab(table.sizeClass(page))) {
                partial.get(table.sizeClass(page)).add(page);
            }
        }
        emptying.clear();
    }

    /**
     * Places every block allocated from now on below page {@code page}, until {@link #lowerTop}:
     * a compaction moves the blocks from there up into the space below.
     */
    public void limitBelow(long page) {
        if (aboveCeiling != null) {
            throw new IllegalStateException("allocations are already held below page " + ceiling);
        }
        for (long slab : emptying) {
            if (table.kind(slab) == PageTable.SLAB) {
                throw new IllegalStateException("the slab at page " + slab + " still holds blocks");
            }
        }
        emptying.clear();
        ceiling = page;
        aboveCeiling = freeRuns.splitOff(page);
    }

    /**
     * Ends {@link #limitBelow}: every page from the limit up must be free by now. Lowers the top to
     * the end of the last page in use and zeroes the pages above it that are not zero already
     * (pages above the top must read as zeros, see {@link #takePages}).
     *
     * @return the old top and the new one
     * @throws IllegalStateException if a page from the limit up still holds a block
     */
    public long[] lowerTop() {
        if (aboveCeiling == null) {
            throw new IllegalStateException("allocations are not held below a page");
        }
        long oldTop = header.top();
        long topPage = oldTop >>> HeapLayout.PAGE_SHIFT;
        long cut = ceiling;
        // The page tables of the regions above the cut are no free pages, and hold no block.
        long dataPages = topPage - cut - header.regions().metadataPages(cut, topPage);
        if (aboveCeiling.totalPages() != dataPages) {
            throw new IllegalStateException((dataPages - aboveCeiling.totalPages())
                    + " pages from page " + cut + " up still hold blocks");
        }
        ceiling = Long.MAX_VALUE;
        aboveCeiling = null;
        long newTopPage = topBelow(cut);
        // Regions left with no page in use are dropped, and the file can be cut at the end of the
        // last one kept; the top then moves down to that end, or below the free pages before it.
        Regions regions = header.regions();
        int kept = regions.countHolding(newTopPage << HeapLayout.PAGE_SHIFT);
        if (kept < regions.count() && newTopPage > regions.end(kept - 1) >>> HeapLayout.PAGE_SHIFT) {
            newTopPage = topBelow(regions.end(kept - 1) >>> HeapLayout.PAGE_SHIFT);
        }
        long newTop = newTopPage << HeapLayout.PAGE_SHIFT;
        if (newTop != oldTop || kept < regions.count()) {
            header.top(newTop);
            header.keepRegions(kept);
            header.write(memory);
            // The dropped regions' pages are past the heap's end: growth zeroes them if the file still has them.
            zeroPages(newTop, Math.min(oldTop, header.size()));
        }
        return new long[] {oldTop, newTop};
    }

    /**
     * The new top for a heap whose pages from {@code page} up are free: below the free run that ends
     * there, if one does. Those pages leave the free runs.
     */
    private long topBelow(long page) {
        long[] last = page > header.dataStart() >>> HeapLayout.PAGE_SHIFT ? freeRuns.runHolding(page - 1) : null;
        long top = last != null ? last[0] : page;
        freeRuns.splitOff(top);
        freedPages.tailSet(top).clear();
        return top;
    }

    private void zeroPages(long from, long to) {
        for (long[] range : memory.dataRanges(from, to)) {
            for (long at = range[0] & -HeapLayout.PAGE_SIZE; at < range[1]; at += HeapLayout.PAGE_SIZE) {
                if (memory.segment().asSlice(at, HeapLayout.PAGE_SIZE).mismatch(ZERO_PAGE) != -1) {
                    memory.zero(at, HeapLayout.PAGE_SIZE);
                }
            }
        }
    }

    private long checkedPage(long offset) {
        if (offset < header.dataStart() || offset >= header.top() || (offset & 7) != 0) {
            throw notABlock(offset, "outside the heap's allocated pages [" + header.dataStart() + ", "
                    + header.top() + ") or not 8-aligned");
        }
        return offset >>> HeapLayout.PAGE_SHIFT;
    }

    private static IllegalArgumentException notABlock(long offset, String why) {
        return new IllegalArgumentException("no allocated block starts at offset " + offset + ": it is " + why);
    }

    /**
     * The size of the allocated block that starts at {@code offset}, or 0 if none does. Reads
     * the page table only; cheap enough for every dereference.
     */
    public long blockSize(long offset) {
        if (offset < header.dataStart() || offset >= header.top() || (offset & 7) != 0) {
            return 0;
        }
        long page = offset >>> HeapLayout.PAGE_SHIFT;
        byte kind = table.kind(page);
        if (kind == PageTable.RUN) {
            return (offset & (HeapLayout.PAGE_SIZE - 1)) == 0 ? (long) table.runPages(page) << HeapLayout.PAGE_SHIFT : 0;
        }
        if (kind != PageTable.SLAB) {
            return 0;
        }
        int sizeClass = table.sizeClass(page);
        if (sizeClass >= SizeClasses.count()) {
            return 0;
        }
        int size = SizeClasses.blockSize(sizeClass);
        long within = offset - (page << HeapLayout.PAGE_SHIFT);
        if (within % size != 0 || within / size >= SizeClasses.blocksPerSlab(sizeClass)) {
            return 0;
        }
        return table.bit(page, (int) (within / size)) ? size : 0;
    }

    /** Whether {@code size} bytes at {@code offset} are 8-aligned and within the pages the heap has used. */
    public boolean inUsedPages(long offset, long size) {
        return offset >= header.dataStart() && offset <= header.top() - size && (offset & 7) == 0;
    }

    /**
     * Whether a block may once have started at {@code offset}: it is 8-aligned, within the pages
     * the heap has used, and not inside a slot of a slab page. A reference there that finds no
     * live block is most likely one that outlived its record; one elsewhere never was a reference.
     */
    public boolean mayHaveBeenBlock(long offset) {
        if (offset < header.dataStart() || offset >= header.top() || (offset & 7) != 0) {
            return false;
        }
        long page = offset >>> HeapLayout.PAGE_SHIFT;
        if (!header.regions().isDataPage(page)) {
            return false;
        }
        if (table.kind(page) != PageTable.SLAB) {
            return true;
        }
        int sizeClass = table.sizeClass(page);
        return sizeClass < SizeClasses.count()
                && (offset - (page << HeapLayout.PAGE_SHIFT)) % SizeClasses.blockSize(sizeClass) == 0;
    }

    /** Calls {@code visitor} with the offset and size of every allocated block, in address order. */
    public void forEachBlock(BlockVisitor visitor) {
        Regions regions = header.regions();
        long topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        for (int r = 0; r < regions.count(); r++) {
            forEachBlock(regions.dataStart(r) >>> HeapLayout.PAGE_SHIFT,
                    Math.min(topPage, regions.end(r) >>> HeapLayout.PAGE_SHIFT), visitor);
        }
    }

    private void forEachBlock(long first, long end, BlockVisitor visitor) {
        long page = first;
        while (page < end) {
            switch (table.kind(page)) {
                case PageTable.SLAB -> {
                    int sizeClass = table.sizeClass(page);
                    int size = SizeClasses.blockSize(sizeClass);
                    for (int block = 0; block < SizeClasses.blocksPerSlab(sizeClass); block++) {
                        if (table.bit(page, block)) {
                            visitor.visit((page << HeapLayout.PAGE_SHIFT) + (long) block * size, size);
                        }
                    }
                    page++;
                }
                case PageTable.RUN -> {
                    int pages = table.runPages(page);
                    visitor.visit(page << HeapLayout.PAGE_SHIFT, (long) pages << HeapLayout.PAGE_SHIFT);
                    page += pages;
                }
                default -> {
                    // A free page starts a maximal free run: skip it whole, so that the pages a
                    // sparse file claims but does not store are never read.
                    long free = freeRuns.runAt(page);
                    page += Math.max(1, free);
                }
            }
        }
    }

    /**
     * The free runs, as byte {@code {offset, length}} pairs in address order, that hold a page
     * freed since the last call, and forgets those pages: after a commit, what the file can give
     * back to the file system. A page freed and reused since is not free, and not listed.
     */
    public List<long[]> takeFreedRuns() {
        List<long[]> runs = new ArrayList<>();
        long coveredTo = -1;
        for (long page : freedPages) {
            if (page < coveredTo) {
                continue;
            }
            long[] run = freeRuns.runHolding(page);
            if (run != null) {
                runs.add(new long[] {run[0] << HeapLayout.PAGE_SHIFT, run[1] << HeapLayout.PAGE_SHIFT});
                coveredTo = run[0] + run[1];
            }
        }
        freedPages.clear();
        return runs;
    }

    /** Every free run below the top, as byte {@code {offset, length}} pairs in address order. */
    public List<long[]> freeRuns() {
        List<long[]> runs = freeRuns.all();
        runs.replaceAll(run -> new long[] {run[0] << HeapLayout.PAGE_SHIFT, run[1] << HeapLayout.PAGE_SHIFT});
        return runs;
    }

    /** Bytes in free pages below the top. */
    public long freePageBytes() {
        return freeRuns.totalPages() << HeapLayout.PAGE_SHIFT;
    }

    /** Receives the blocks of {@link #forEachBlock}. */
    @FunctionalInterface
    public interface BlockVisitor {
        void visit(long offset, long size);
    }

    /** The number of allocations and frees so far; see {@link #changes}. */
    public long changes() {
        return changes;
    }

    /** Bytes in allocated blocks, rounded up to their size classes or pages. */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    /** The number of allocated blocks. */
    public long allocatedBlocks() {
        return allocatedBlocks;
    }
}
