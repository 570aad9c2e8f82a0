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
 * The heap file's header: what the file is (magic, format, page size, capacity) and where its
 * metadata is (top of the used pages, type catalog, root table).
 *
 * <p>Two copies live in page 0, each with its own CRC-32C and a generation that every write
 * raises; the newest copy whose checksum holds wins, so one damaged copy loses nothing. Both
 * copies are written together and FAMS makes that write atomic, so they normally agree.
 *
 * <p>Format 2 added the generation reserve (see {@link #generationReserve()}) after the first
 * checksum, with a checksum of its own, so that a runtime that knows only format 1 still finds
 * a valid header of a newer format and says so. A format 1 header reads as one with a reserve
 * of 0 and is written as format 2 from then on, so such a runtime refuses the heap once its
 * records carry generations.
 */
public final class HeapHeader {
    /** "FERRHEAP" in ASCII, read little-endian. */
    public static final long MAGIC = 0x5041454852524546L;
    /** The format this runtime reads and writes. */
    public static final int FORMAT = 2;
    /** The oldest format this runtime reads; it writes {@link #FORMAT}. */
    public static final int OLDEST_FORMAT = 1;

    private static final long OFF_MAGIC = 0;
    private static final long OFF_FORMAT = 8;
    private static final long OFF_PAGE_SIZE = 12;
    private static final long OFF_CAPACITY = 16;
    private static final long OFF_GENERATION = 24;
    private static final long OFF_DATA_START = 32;
    private static final long OFF_TOP = 40;
    private static final long OFF_CATALOG = 48;
    private static final long OFF_ROOTS = 56;
    /** The checksum of the fields above, where format 1 has it. */
    private static final long OFF_CRC = 64;
    private static final long OFF_GENERATION_RESERVE = 68;
    /** The checksum of the fields format 2 added. */
    private static final long OFF_EXTENSION_CRC = 76;
    /** Bytes of one copy, checksums included. */
    static final int SIZE = 80;

    private final long capacity;
    private long generation;
    private long top;
    private long catalog;
    private long roots;
    private long generationReserve;

    private HeapHeader(long capacity, long generation, long top, long catalog, long roots, long generationReserve) {
        this.capacity = capacity;
        this.generation = generation;
        this.top = top;
        this.catalog = catalog;
        this.roots = roots;
        this.generationReserve = generationReserve;
    }

    /** The header of a new, empty heap of {@code capacity} bytes. */
    public static HeapHeader empty(long capacity) {
        return new HeapHeader(capacity, 1, HeapLayout.dataStart(capacity), 0, 0, 0);
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
     * Reads and validates the header of {@code segment}, the whole mapped file of {@code source}.
     *
     * @throws CorruptHeapException if neither copy is a valid header of this format, or the
     *     newest valid one describes an impossible heap
     */
    public static HeapHeader read(MemorySegment segment, String source) {
        HeapHeader best = null;
        List<String> problems = new ArrayList<>();
        int newerFormat = 0;
        for (long copy : HeapLayout.HEADER_COPIES) {
            long magic = segment.get(LittleEndian.LONG, copy + OFF_MAGIC);
            int format = segment.get(LittleEndian.INT, copy + OFF_FORMAT);
            if (magic != MAGIC) {
                problems.add("copy at offset " + copy + " has no heap magic");
            } else if (!checksumHolds(segment, copy, format)) {
                problems.add("copy at offset " + copy + " fails its checksum");
            } else if (format < OLDEST_FORMAT || format > FORMAT) {
                if (format > FORMAT) {
                    newerFormat = format;
                }
                problems.add("copy at offset " + copy + " has format " + format);
            } else {
                HeapHeader header = new HeapHeader(
                        segment.get(LittleEndian.LONG, copy + OFF_CAPACITY),
                        segment.get(LittleEndian.LONG, copy + OFF_GENERATION),
                        segment.get(LittleEndian.LONG, copy + OFF_TOP),
                        segment.get(LittleEndian.LONG, copy + OFF_CATALOG),
                        segment.get(LittleEndian.LONG, copy + OFF_ROOTS),
                        format == 1 ? 0 : segment.get(LittleEndian.LONG, copy + OFF_GENERATION_RESERVE));
                try {
                    header.validate(segment, copy);
                    if (best == null || header.generation > best.generation) {
                        best = header;
                    }
                } catch (CorruptHeapException e) {
                    problems.add(e.getMessage());
                }
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

    /**
     * The header copies that are not intact headers of this format, each with why: for the
     * verifier, since a heap opens while one copy is valid but has then lost its redundancy.
     */
    public static List<String> damagedCopies(MemorySegment segment) {
        List<String> damaged = new ArrayList<>();
        for (long copy : HeapLayout.HEADER_COPIES) {
            if (segment.get(LittleEndian.LONG, copy + OFF_MAGIC) != MAGIC) {
                damaged.add("header copy at offset " + copy + " has no heap magic");
            } else if (!checksumHolds(segment, copy, segment.get(LittleEndian.INT, copy + OFF_FORMAT))) {
                damaged.add("header copy at offset " + copy + " fails its checksum");
            } else if (segment.get(LittleEndian.INT, copy + OFF_FORMAT) < OLDEST_FORMAT
                    || segment.get(LittleEndian.INT, copy + OFF_FORMAT) > FORMAT) {
                damaged.add("header copy at offset " + copy + " has format "
                        + segment.get(LittleEndian.INT, copy + OFF_FORMAT));
            }
        }
        return damaged;
    }

    private void validate(MemorySegment segment, long copy) {
        String where = "copy at offset " + copy + ": ";
        int pageSize = segment.get(LittleEndian.INT, copy + OFF_PAGE_SIZE);
        if (pageSize != HeapLayout.PAGE_SIZE) {
            throw new CorruptHeapException(where + "page size " + pageSize + ", expected " + HeapLayout.PAGE_SIZE);
        }
        if (capacity <= 0 || capacity % HeapLayout.PAGE_SIZE != 0 || capacity > (1L << Reference.OFFSET_BITS)) {
            throw new CorruptHeapException(where + "impossible capacity " + capacity);
        }
        if (capacity > segment.byteSize()) {
            throw new CorruptHeapException(where + "capacity is " + capacity + " bytes but the file has only "
                    + segment.byteSize() + ": the file was truncated");
        }
        long dataStart = segment.get(LittleEndian.LONG, copy + OFF_DATA_START);
        if (dataStart != HeapLayout.dataStart(capacity)) {
            throw new CorruptHeapException(where + "data starts at " + dataStart + ", expected "
                    + HeapLayout.dataStart(capacity) + " for capacity " + capacity);
        }
        if (top < dataStart || top > capacity || top % HeapLayout.PAGE_SIZE != 0) {
            throw new CorruptHeapException(where + "top of used pages " + top + " is outside ["
                    + dataStart + ", " + capacity + "] or not page-aligned");
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
        segment.set(LittleEndian.LONG, copy + OFF_MAGIC, MAGIC);
        segment.set(LittleEndian.INT, copy + OFF_FORMAT, FORMAT);
        segment.set(LittleEndian.INT, copy + OFF_PAGE_SIZE, HeapLayout.PAGE_SIZE);
        segment.set(LittleEndian.LONG, copy + OFF_CAPACITY, capacity);
        segment.set(LittleEndian.LONG, copy + OFF_GENERATION, generation);
        segment.set(LittleEndian.LONG, copy + OFF_DATA_START, HeapLayout.dataStart(capacity));
        segment.set(LittleEndian.LONG, copy + OFF_TOP, top);
        segment.set(LittleEndian.LONG, copy + OFF_CATALOG, catalog);
        segment.set(LittleEndian.LONG, copy + OFF_ROOTS, roots);
        segment.set(LittleEndian.INT, copy + OFF_CRC, crc(segment, copy, OFF_CRC));
        segment.set(LittleEndian.LONG, copy + OFF_GENERATION_RESERVE, generationReserve);
        segment.set(LittleEndian.INT, copy + OFF_EXTENSION_CRC,
                crc(segment, copy + OFF_GENERATION_RESERVE, OFF_EXTENSION_CRC - OFF_GENERATION_RESERVE));
    }

    /**
     * Whether the checksums of the copy hold: the first, which every format has, and that of the
     * fields format 2 added unless the copy is of format 1 (or of a newer format, whose layout
     * beyond the first checksum this runtime cannot know).
     */
    private static boolean checksumHolds(MemorySegment segment, long copy, int format) {
        if (crc(segment, copy, OFF_CRC) != segment.get(LittleEndian.INT, copy + OFF_CRC)) {
            return false;
        }
        return format <= OLDEST_FORMAT || format > FORMAT
                || crc(segment, copy + OFF_GENERATION_RESERVE, OFF_EXTENSION_CRC - OFF_GENERATION_RESERVE)
                        == segment.get(LittleEndian.INT, copy + OFF_EXTENSION_CRC);
    }

    private static int crc(MemorySegment segment, long from, long length) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asSlice(from, length).asByteBuffer());
        return (int) crc.getValue();
    }

    /** The most bytes the heap can hold, header and page table included; fixed at creation. */
    public long capacity() {
        return capacity;
    }

    /** The offset of the first data page, right after the page table. */
    public long dataStart() {
        return HeapLayout.dataStart(capacity);
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
