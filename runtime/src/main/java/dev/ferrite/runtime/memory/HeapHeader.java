package dev.ferrite.runtime.memory;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.UnsupportedHeapFormatException;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The heap file's header: what the file is (magic, format, page size), its {@link Regions} and
 * the bound they may grow to, and where its metadata is (top of the used pages, type catalog,
 * root table).
 *
 * <p>Two copies live in page 0, each with its own CRC-32C and a generation that every write
 * raises; the newest copy whose checksum holds wins, so one damaged copy loses nothing. Both
 * copies are written together and FAMS makes that write atomic, so they normally agree; a
 * growth adds its region to the directory in the same commit as its first records.
 *
 * <p>Format 2 (this runtime's) keeps format 1's fields where they were, the capacity field now
 * holding the size of region 0 and format 1's checksum at byte 64 (so that the previous release
 * finds a valid header of a newer format and says so), and adds the bound, the sizes of the later
 * regions, the generation reserve (see {@link #generationReserve()}) and a checksum over the
 * whole 2048-byte copy. Format 1 (the previous release: one region, its size the bound, records
 * without generations) is read as a format 2 header with no later region and a reserve of 0, and
 * written back as format 2.
 */
public final class HeapHeader {
    /** "FERRHEAP" in ASCII, read little-endian. */
    public static final long MAGIC = 0x5041454852524546L;
    /** The format this runtime writes. */
    public static final int FORMAT = 2;
    /** The format of the previous release, which this runtime reads and upgrades when it writes. */
    public static final int FORMAT_1 = 1;
    /** The bound of a heap that may grow as far as its file system and address space allow. */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** The most regions after region 0 that the header can list. */
    public static final int MAX_REGIONS = 200;

    private static final long OFF_MAGIC = 0;
    private static final long OFF_FORMAT = 8;
    private static final long OFF_PAGE_SIZE = 12;
    private static final long OFF_BASE = 16;
    private static final long OFF_GENERATION = 24;
    private static final long OFF_DATA_START = 32;
    private static final long OFF_TOP = 40;
    private static final long OFF_CATALOG = 48;
    private static final long OFF_ROOTS = 56;
    private static final long OFF_CRC_1 = 64;
    private static final long OFF_BOUND = 68;
    private static final long OFF_REGION_COUNT = 76;
    private static final long OFF_REGIONS = 80;
    private static final long OFF_GENERATION_RESERVE = 2032;
    private static final long OFF_CRC = 2044;
    /** Bytes of one copy, checksum included. */
    public static final int SIZE = 2048;

    private volatile Regions regions;
    private long bound;
    private long generation;
    private long top;
    private long catalog;
    private long roots;
    private long generationReserve;
    /** The format of the copy read, {@link #FORMAT} once written. */
    private int format = FORMAT;

    private HeapHeader(Regions regions, long bound, long generation, long top, long catalog, long roots,
            long generationReserve) {
        this.regions = regions;
        this.bound = bound;
        this.generation = generation;
        this.top = top;
        this.catalog = catalog;
        this.roots = roots;
        this.generationReserve = generationReserve;
    }

    /** The header of a new, empty heap of one region of {@code capacity} bytes, bounded to it. */
    public static HeapHeader empty(long capacity) {
        return create(capacity, capacity);
    }

    /** The header of a new, empty heap whose region 0 has {@code size} bytes, growing up to {@code bound}. */
    public static HeapHeader create(long size, long bound) {
        return new HeapHeader(Regions.of(size), bound, 1, HeapLayout.dataStart(size), 0, 0, 0);
    }

    /** Whether page 0 in {@code page} carries the heap magic in either copy; cheap, before any mapping. */
    public static boolean hasMagic(MemorySegment page) {
        for (long copy : HeapLayout.HEADER_COPIES) {
            if (page.byteSize() >= copy + 8 && page.get(LittleEndian.LONG, copy + OFF_MAGIC) == MAGIC) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bound of the newest intact copy in page 0 ({@code page}), without validating the rest:
     * a hint for how much address space to reserve before the file is mapped and read properly.
     * {@link #UNBOUNDED} if no copy is intact.
     */
    public static long peekBound(MemorySegment page) {
        long bound = UNBOUNDED;
        long generation = Long.MIN_VALUE;
        for (long copy : HeapLayout.HEADER_COPIES) {
            if (page.byteSize() >= copy + SIZE && damage(page, copy) == null) {
                try {
                    HeapHeader header = decode(page, copy);
                    if (header.generation > generation) {
                        generation = header.generation;
                        bound = header.bound;
                    }
                } catch (CorruptHeapException e) {
                    // The proper read after mapping reports it.
                }
            }
        }
        return bound;
    }

    /** {@link #read(MemorySegment, long, String)} of a segment holding the whole file. */
    public static HeapHeader read(MemorySegment segment, String source) {
        return read(segment, segment.byteSize(), source);
    }

    /**
     * Reads and validates the header in {@code segment}, whose first {@code fileSize} bytes are
     * the heap file of {@code source}.
     *
     * @throws CorruptHeapException if neither copy is a valid header of a known format, or the
     *     newest valid one describes an impossible heap (regions past the end of the file, say)
     */
    public static HeapHeader read(MemorySegment segment, long fileSize, String source) {
        HeapHeader best = null;
        List<String> problems = new ArrayList<>();
        int newerFormat = 0;
        for (long copy : HeapLayout.HEADER_COPIES) {
            String damage = damage(segment, copy);
            if (damage != null) {
                int format = segment.get(LittleEndian.INT, copy + OFF_FORMAT);
                if (damage.contains("has format") && format > FORMAT) {
                    newerFormat = format;
                }
                problems.add("copy at offset " + copy + " " + damage);
                continue;
            }
            try {
                HeapHeader header = decode(segment, copy);
                header.validate(segment, copy, fileSize);
                if (best == null || header.generation > best.generation) {
                    best = header;
                }
            } catch (CorruptHeapException e) {
                problems.add(e.getMessage());
            }
        }
        if (best != null) {
            return best;
        }
        if (newerFormat != 0) {
            throw new UnsupportedHeapFormatException(source + ": heap format " + newerFormat
                    + " is newer than the supported " + FORMAT + "; open it with a newer Ferrite runtime");
        }
        if (problems.size() == HeapLayout.HEADER_COPIES.length
                && problems.stream().allMatch(p -> p.endsWith("no heap magic"))) {
            throw new CorruptHeapException(source + ": not a Ferrite heap (no heap magic at offset 0 or 2048)");
        }
        throw new CorruptHeapException(source + ": no valid header: " + String.join("; ", problems));
    }

    /** What is wrong with the copy at {@code copy} before its fields are read, or null. */
    private static String damage(MemorySegment segment, long copy) {
        if (segment.get(LittleEndian.LONG, copy + OFF_MAGIC) != MAGIC) {
            return "has no heap magic";
        }
        int format = segment.get(LittleEndian.INT, copy + OFF_FORMAT);
        boolean intact1 = crc(segment, copy, OFF_CRC_1) == segment.get(LittleEndian.INT, copy + OFF_CRC_1);
        boolean intact2 = crc(segment, copy, OFF_CRC) == segment.get(LittleEndian.INT, copy + OFF_CRC);
        if (format == FORMAT_1 ? !intact1 : format == FORMAT ? !intact2 : !intact1 && !intact2) {
            // Checked first: a flipped bit in the format field is damage, not a newer format.
            return "fails its checksum";
        }
        return format == FORMAT || format == FORMAT_1 ? null : "has format " + format;
    }

    private static HeapHeader decode(MemorySegment segment, long copy) {
        long base = segment.get(LittleEndian.LONG, copy + OFF_BASE);
        long bound = base;
        long[] sizes = {base};
        long generationReserve = 0;
        int format = segment.get(LittleEndian.INT, copy + OFF_FORMAT);
        if (format == FORMAT) {
            generationReserve = segment.get(LittleEndian.LONG, copy + OFF_GENERATION_RESERVE);
            bound = segment.get(LittleEndian.LONG, copy + OFF_BOUND);
            int count = segment.get(LittleEndian.INT, copy + OFF_REGION_COUNT);
            if (count < 0 || count > MAX_REGIONS) {
                throw new CorruptHeapException("copy at offset " + copy + ": " + count + " regions listed, at most "
                        + MAX_REGIONS + " fit");
            }
            sizes = new long[count + 1];
            sizes[0] = base;
            for (int i = 1; i <= count; i++) {
                sizes[i] = segment.get(LittleEndian.LONG, copy + OFF_REGIONS + (i - 1) * 8L);
            }
        }
        HeapHeader header = new HeapHeader(Regions.of(sizes), bound,
                segment.get(LittleEndian.LONG, copy + OFF_GENERATION),
                segment.get(LittleEndian.LONG, copy + OFF_TOP),
                segment.get(LittleEndian.LONG, copy + OFF_CATALOG),
                segment.get(LittleEndian.LONG, copy + OFF_ROOTS),
                generationReserve);
        header.format = format;
        return header;
    }

    /**
     * The header copies that are not intact headers of a known format, each with why: for the
     * verifier, since a heap opens while one copy is valid but has then lost its redundancy.
     */
    public static List<String> damagedCopies(MemorySegment segment) {
        List<String> damaged = new ArrayList<>();
        for (long copy : HeapLayout.HEADER_COPIES) {
            String damage = damage(segment, copy);
            if (damage != null) {
                damaged.add("header copy at offset " + copy + " " + damage);
            }
        }
        return damaged;
    }

    private void validate(MemorySegment segment, long copy, long fileSize) {
        String where = "copy at offset " + copy + ": ";
        int pageSize = segment.get(LittleEndian.INT, copy + OFF_PAGE_SIZE);
        if (pageSize != HeapLayout.PAGE_SIZE) {
            throw new CorruptHeapException(where + "page size " + pageSize + ", expected " + HeapLayout.PAGE_SIZE);
        }
        Regions r = regions;
        long limit = 1L << Reference.OFFSET_BITS;
        long base = r.size(0);
        if (base <= 0 || base % HeapLayout.PAGE_SIZE != 0 || base > limit) {
            throw new CorruptHeapException(where + "impossible size " + base + " of region 0");
        }
        long end = base;
        for (int i = 1; i < r.count(); i++) {
            long size = r.size(i);
            if (size <= Regions.tableBytes(size) || size % HeapLayout.PAGE_SIZE != 0 || size > limit - end) {
                throw new CorruptHeapException(where + "impossible size " + size + " of region " + i);
            }
            end += size;
        }
        if (end > fileSize) {
            throw new CorruptHeapException(where + "the heap's " + r.count() + (r.count() == 1 ? " region ends" : " regions end")
                    + " at " + end + " bytes but the file has only " + fileSize + ": the file was truncated");
        }
        if (bound < end || (bound % HeapLayout.PAGE_SIZE != 0 && bound != UNBOUNDED)) {
            throw new CorruptHeapException(where + "bound " + bound + " is below the heap's size " + end
                    + " or not a whole number of pages");
        }
        long dataStart = segment.get(LittleEndian.LONG, copy + OFF_DATA_START);
        if (dataStart != HeapLayout.dataStart(base)) {
            throw new CorruptHeapException(where + "data starts at " + dataStart + ", expected "
                    + HeapLayout.dataStart(base) + " for region 0 of " + base + " bytes");
        }
        int last = r.count() - 1;
        if (top < r.dataStart(last) || top > end || top % HeapLayout.PAGE_SIZE != 0) {
            throw new CorruptHeapException(where + "top of used pages " + top + " is outside the data pages ["
                    + r.dataStart(last) + ", " + end + "] of the last region or not page-aligned");
        }
        checkBlockOffset(catalog, dataStart, where + "type catalog");
        checkBlockOffset(roots, dataStart, where + "root table");
    }

    private void checkBlockOffset(long offset, long dataStart, String what) {
        if (offset != 0 && (offset < dataStart || offset >= top || offset % 8 != 0)) {
            throw new CorruptHeapException(what + " offset " + offset + " is outside the used pages ["
                    + dataStart + ", " + top + ")");
        }
    }

    /** Writes both copies with a raised generation. */
    public void write(SegmentStore memory) {
        generation++;
        format = FORMAT;
        MemorySegment segment = memory.segment();
        for (long copy : HeapLayout.HEADER_COPIES) {
            writeCopy(segment, copy);
            memory.markDirty(copy, SIZE);
        }
    }

    /** Page 0 of a new file holding this header, for creating a heap without a mapping. */
    public byte[] toPage() {
        MemorySegment page = MemorySegment.ofArray(new byte[HeapLayout.PAGE_SIZE]);
        for (long copy : HeapLayout.HEADER_COPIES) {
            writeCopy(page, copy);
        }
        return page.toArray(LittleEndian.BYTE);
    }

    private void writeCopy(MemorySegment segment, long copy) {
        Regions r = regions;
        segment.asSlice(copy, SIZE).fill((byte) 0);
        segment.set(LittleEndian.LONG, copy + OFF_MAGIC, MAGIC);
        segment.set(LittleEndian.INT, copy + OFF_FORMAT, FORMAT);
        segment.set(LittleEndian.INT, copy + OFF_PAGE_SIZE, HeapLayout.PAGE_SIZE);
        segment.set(LittleEndian.LONG, copy + OFF_BASE, r.size(0));
        segment.set(LittleEndian.LONG, copy + OFF_GENERATION, generation);
        segment.set(LittleEndian.LONG, copy + OFF_DATA_START, HeapLayout.dataStart(r.size(0)));
        segment.set(LittleEndian.LONG, copy + OFF_TOP, top);
        segment.set(LittleEndian.LONG, copy + OFF_CATALOG, catalog);
        segment.set(LittleEndian.LONG, copy + OFF_ROOTS, roots);
        // The previous release checks this checksum first, so it finds a valid header of a newer
        // format and says so rather than calling the file damaged.
        segment.set(LittleEndian.INT, copy + OFF_CRC_1, crc(segment, copy, OFF_CRC_1));
        segment.set(LittleEndian.LONG, copy + OFF_BOUND, bound);
        segment.set(LittleEndian.INT, copy + OFF_REGION_COUNT, r.count() - 1);
        for (int i = 1; i < r.count(); i++) {
            segment.set(LittleEndian.LONG, copy + OFF_REGIONS + (i - 1) * 8L, r.size(i));
        }
        segment.set(LittleEndian.LONG, copy + OFF_GENERATION_RESERVE, generationReserve);
        segment.set(LittleEndian.INT, copy + OFF_CRC, crc(segment, copy, OFF_CRC));
    }

    private static int crc(MemorySegment segment, long copy, long length) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asSlice(copy, length).asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * The format the file's header has: {@link #FORMAT_1} for a heap of the previous release until
     * this header is first {@linkplain #write written}, {@link #FORMAT} after.
     */
    public int format() {
        return format;
    }

    /** The regions the heap has now. */
    public Regions regions() {
        return regions;
    }

    /** Adds a region of {@code size} bytes at the end of the heap; {@link #write} stores it. */
    public void addRegion(long size) {
        if (regions.count() > MAX_REGIONS) {
            throw new IllegalStateException("the header lists at most " + MAX_REGIONS + " regions after region 0");
        }
        regions = regions.plus(size);
    }

    /** Keeps only the first {@code count} regions; {@link #write} stores it. The top must lie in them. */
    public void keepRegions(int count) {
        Regions kept = regions.first(count);
        if (top > kept.size()) {
            throw new IllegalStateException("the top " + top + " lies past the " + count + " regions kept");
        }
        regions = kept;
    }

    /** The end of the last region: the bytes of the file the heap uses. */
    public long size() {
        return regions.size();
    }

    /** The most bytes the heap may grow to, or {@link #UNBOUNDED}. */
    public long bound() {
        return bound;
    }

    /** Sets the most bytes the heap may grow to, at least its size; {@link #write} stores it. */
    public void bound(long bytes) {
        if (bytes < size()) {
            throw new IllegalArgumentException("bound " + bytes + " is below the heap's size " + size());
        }
        this.bound = bytes;
    }

    /** The offset of the first data page, right after region 0's page table. */
    public long dataStart() {
        return regions.dataStart(0);
    }

    /** The end of the pages ever used; pages above it are untouched zeros. */
    public long top() {
        return top;
    }

    /** Moves the end of the used pages; {@link #write} stores it. */
    public void top(long top) {
        this.top = top;
    }

    /** The offset of the type catalog's block, or 0 when no type was stored yet. */
    public long catalog() {
        return catalog;
    }

    /** Points at a new catalog block; {@link #write} stores it. */
    public void catalog(long offset) {
        this.catalog = offset;
    }

    /** The offset of the root table's block, or 0 when there never was a root. */
    public long roots() {
        return roots;
    }

    /** Points at a new root table block; {@link #write} stores it. */
    public void roots(long offset) {
        this.roots = offset;
    }

    /**
     * How many record generations the heap may have handed out: the next one after a reopen
     * continues from here, so a record never gets the generation of one that was in its block
     * before. Raised in steps ahead of use, so that most allocations write no header.
     */
    public long generationReserve() {
        return generationReserve;
    }

    /** Raises the generation reserve; {@link #write} stores it. */
    public void generationReserve(long reserve) {
        this.generationReserve = reserve;
    }
}
