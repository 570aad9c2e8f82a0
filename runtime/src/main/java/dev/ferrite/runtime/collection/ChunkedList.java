package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A growable array of 8-byte elements in heap blocks: the engine of the persistent list.
 *
 * <p>Elements live in chunks that never move, so growing never copies elements: chunk k holds
 * 8·2<sup>k</sup> elements for k &lt; 6 (504 in all, so small lists stay small), and 510 from
 * then on (a 4096-byte block, one page). A directory block lists the chunks; when it is full it
 * is replaced by one twice its size, the only copy growth ever makes (8 bytes per chunk). Adding
 * an element dirties its chunk's page and the header's; one spare chunk is kept after removals so
 * that adding and removing at a chunk boundary does not allocate every time. Inserting or removing
 * before the end moves every later element by one place, chunk by chunk: its cost, and the pages
 * it dirties, grow with the number of elements after the index.
 *
 * <p>Blocks, each headed by a record header with the type id of its name:
 * <pre>
 * ferrite.List (header, 40 bytes; its offset is the list's handle)
 *    8  u8   element kind: 1 long, 2 reference, 4 double, 5 string (owned)
 *   12  i32  type id of referenced structs, 0 for other elements
 *   16  i64  size
 *   24  i64  directory, 0 while there are no chunks
 *   32  i32  chunks allocated
 *   36  i32  directory capacity, in chunks
 * ferrite.List.Directory: from offset 8, one i64 chunk offset per chunk
 * ferrite.List.Chunk: 8 i32 capacity in elements; from offset 16 the elements
 * </pre>
 */
public final class ChunkedList {
    /** Type id of a list's header block. */
    public static final int HEADER_TYPE_ID = StructType.typeIdOf("ferrite.List");
    /** Type id of a list's chunk directory. */
    public static final int DIRECTORY_TYPE_ID = StructType.typeIdOf("ferrite.List.Directory");
    /** Type id of a chunk of elements. */
    public static final int CHUNK_TYPE_ID = StructType.typeIdOf("ferrite.List.Chunk");
    /** Version written in the record header of every block of a list. */
    public static final int VERSION = 1;
    /** Bytes of a list's header block. */
    public static final int HEADER_SIZE = 40;

    private static final long KIND = 8;
    private static final long TYPE = 12;
    private static final long SIZE = 16;
    private static final long DIRECTORY = 24;
    private static final long CHUNKS = 32;
    private static final long DIRECTORY_CAPACITY = 36;
    private static final long CHUNK_CAPACITY = 8;
    private static final long ELEMENTS = 16;
    private static final int SMALL_CHUNKS = 6;
    private static final int SMALL_ELEMENTS = 504;
    private static final int LARGE_CHUNK = 510;
    private static final int FIRST_DIRECTORY = 8;
    /** The most elements whose chunks an {@code int} can count; a larger stored size is damage. */
    private static final long MAX_SIZE = SMALL_ELEMENTS + (long) LARGE_CHUNK * (Integer.MAX_VALUE - SMALL_CHUNKS - 1);

    private final BlockHeap heap;
    private final MemorySegment segment;
    private final long header;

    private ChunkedList(BlockHeap heap, long header) {
        this.heap = heap;
        this.segment = heap.segment();
        this.header = header;
    }

    /**
     * The element kind and referenced type id stored in a list header.
     *
     * @param values any kind but {@link ValueKind#STRUCT}
     * @param typeId the type id of referenced structs, 0 for other elements
     */
    public record Description(ValueKind values, int typeId) {}

    /** Allocates the header of a new, empty list and returns its offset. */
    public static long create(BlockHeap heap, ValueKind values, int typeId) {
        if (values == ValueKind.STRUCT) {
            throw new IllegalArgumentException("lists hold numbers, strings or references, not owned structs");
        }
        MemorySegment segment = heap.segment();
        long header = heap.allocate(HEADER_SIZE);
        RecordHeader.write(segment, header, HEADER_TYPE_ID, VERSION);
        segment.set(LittleEndian.BYTE, header + KIND, (byte) values.code());
        segment.set(LittleEndian.INT, header + TYPE, typeId);
        heap.markDirty(header, HEADER_SIZE);
        return header;
    }

    /**
     * The list whose header is at {@code header}.
     *
     * @throws IllegalArgumentException if no list header is at {@code header}
     * @throws CorruptHeapException if the header's size, chunk count or directory capacity are
     *     impossible or disagree
     */
    public static ChunkedList open(BlockHeap heap, long header) {
        describe(heap.segment(), header);
        ChunkedList list = new ChunkedList(heap, header);
        String problem = list.countsProblem();
        if (problem != null) {
            throw list.corrupt(problem);
        }
        return list;
    }

    /**
     * What is impossible about the header's counts, or null: a negative size or one beyond what
     * a heap can hold, chunks that do not match the size, a directory smaller than its chunks.
     * Checked before anything computes with them, so that no later arithmetic overflows.
     */
    private String countsProblem() {
        long size = size();
        int chunks = chunks();
        int capacity = directoryCapacity();
        if (size < 0 || size > MAX_SIZE) {
            return "impossible size " + size;
        }
        int needed = size == 0 ? 0 : chunkOf(size - 1) + 1;
        if (chunks < needed || chunks > needed + 1) {
            return chunks + " chunks for " + size + " elements";
        }
        if (capacity < chunks) {
            return "a directory of " + capacity + " chunks for " + chunks;
        }
        return null;
    }

    /**
     * Reads what the list at {@code header} holds.
     *
     * @throws IllegalArgumentException if no list header is at {@code header}
     * @throws CorruptHeapException if the header holds impossible values
     */
    public static Description describe(MemorySegment segment, long header) {
        if (header <= 0 || header > segment.byteSize() - HEADER_SIZE) {
            throw new IllegalArgumentException(
                    "handle " + header + " is not a list: outside the heap of " + segment.byteSize() + " bytes");
        }
        int typeId = RecordHeader.typeId(segment, header);
        if (typeId != HEADER_TYPE_ID) {
            throw new IllegalArgumentException(
                    "handle " + header + " is not a list: its block has type id 0x" + Integer.toHexString(typeId));
        }
        ValueKind kind = ValueKind.ofCode(segment.get(LittleEndian.BYTE, header + KIND));
        if (RecordHeader.version(segment, header) != VERSION || kind == null || kind == ValueKind.STRUCT) {
            throw new CorruptHeapException("list at offset " + header + " has an unknown version or element kind");
        }
        return new Description(kind, segment.get(LittleEndian.INT, header + TYPE));
    }

    /** The offset of the header block. */
    public long header() {
        return header;
    }

    /** Number of elements. */
    public long size() {
        return segment.get(LittleEndian.LONG, header + SIZE);
    }

    /** The element at {@code index}, which the caller has checked. */
    public long get(long index) {
        return segment.get(LittleEndian.LONG, address(index));
    }

    /** Replaces the element at {@code index}, which the caller has checked. */
    public void set(long index, long value) {
        long at = address(index);
        segment.set(LittleEndian.LONG, at, value);
        heap.markDirty(at, 8);
    }

    /** Appends an element. */
    public void add(long value) {
        long index = size();
        int chunk = chunkOf(index);
        int chunks = chunks();
        if (chunk == chunks) {
            addChunk(chunk);
        } else if (chunk > chunks) {
            throw corrupt("size " + index + " needs chunk " + chunk + " but only " + chunks + " exist");
        }
        long at = chunkAt(chunk) + ELEMENTS + offsetInChunk(index) * 8L;
        segment.set(LittleEndian.LONG, at, value);
        heap.markDirty(at, 8);
        setSize(index + 1);
    }

    /**
     * Inserts an element at {@code index} (at most the size), moving every later element one
     * place up: the cost, in writes and dirty pages, is that of the elements moved.
     */
    public void insert(long index, long value) {
        long size = size();
        add(value);
        if (index < size) {
            move(index, index + 1, size - index);
            set(index, value);
        }
    }

    /**
     * Removes the element at {@code index}, which the caller has checked exists, moving every
     * later element one place down, and returns it.
     */
    public long remove(long index) {
        long value = get(index);
        long size = size();
        move(index + 1, index, size - index - 1);
        truncate(size - 1);
        return value;
    }

    /** Removes the elements from {@code from} to {@code to} (exclusive), which the caller has checked. */
    public void removeRange(long from, long to) {
        long size = size();
        move(to, from, size - to);
        truncate(size - (to - from));
    }

    /** Removes the last element, which the caller has checked exists, and returns it. */
    public long removeLast() {
        long index = size() - 1;
        long value = get(index);
        truncate(index);
        return value;
    }

    /** Drops the elements from {@code size} on, keeping one spare chunk. */
    private void truncate(long size) {
        setSize(size);
        releaseChunks(size == 0 ? 0 : chunkOf(size - 1) + 2);
    }

    /**
     * Copies {@code count} elements from index {@code from} to index {@code to} (the ranges may
     * overlap), one run per stretch that lies within one chunk at both ends; marks what it writes.
     */
    private void move(long from, long to, long count) {
        if (to < from) {
            for (long done = 0; done < count; ) {
                long source = from + done;
                long target = to + done;
                long run = Math.min(count - done, Math.min(chunkEnd(source) - source, chunkEnd(target) - target));
                copy(source, target, run);
                done += run;
            }
        } else if (to > from) {
            for (long left = count; left > 0; ) {
                long sourceEnd = from + left;
                long targetEnd = to + left;
                long run = Math.min(left, Math.min(
                        sourceEnd - chunkStart(chunkOf(sourceEnd - 1)), targetEnd - chunkStart(chunkOf(targetEnd - 1))));
                copy(sourceEnd - run, targetEnd - run, run);
                left -= run;
            }
        }
    }

    private void copy(long source, long target, long elements) {
        long at = address(target);
        MemorySegment.copy(segment, address(source), segment, at, elements * 8);
        heap.markDirty(at, elements * 8);
    }

    /** Removes every element and frees every chunk, the directory and the strings the list owns. */
    public void clear() {
        if (kind().owned()) {
            for (long i = size() - 1; i >= 0; i--) {
                long element = get(i);
                if (element != 0) {
                    heap.free(element);
                }
            }
        }
        setSize(0);
        releaseChunks(0);
    }

    /** Clears the list and frees its header. */
    public void destroy() {
        clear();
        heap.free(header);
    }

    /**
     * Calls {@code visitor} with every word of the list's blocks that holds the offset of a block
     * (the directory, the chunks, and elements that are records or strings) and every long element.
     *
     * @throws CorruptHeapException if a chunk is not where the directory says
     */
    public void forEachReference(ReferenceSlots visitor) {
        visitor.slot(header + DIRECTORY);
        long directory = segment.get(LittleEndian.LONG, header + DIRECTORY);
        int chunks = chunks();
        for (int chunk = 0; chunk < chunks; chunk++) {
            visitor.slot(directory + 8 + chunk * 8L);
        }
        ValueKind kind = kind();
        if (kind == ValueKind.DOUBLE) {
            return;
        }
        long size = size();
        for (long i = 0; i < size; i++) {
            if (kind == ValueKind.LONG) {
                visitor.number(address(i));
            } else {
                visitor.slot(address(i));
            }
        }
    }

    /**
     * Every block of the list, its strings included, checked for its type and for agreement with
     * the header.
     */
    public Set<Long> verify(List<String> problems) {
        int earlier = problems.size();
        Set<Long> blocks = new HashSet<>();
        blocks.add(header);
        String counts = countsProblem();
        if (counts != null) {
            problems.add("list at " + header + ": " + counts);
            return blocks;
        }
        int chunks = chunks();
        long directory = segment.get(LittleEndian.LONG, header + DIRECTORY);
        if (chunks == 0) {
            if (directory != 0) {
                problems.add("list at " + header + ": a directory without chunks");
            }
            return blocks;
        }
        if (!headed(directory, DIRECTORY_TYPE_ID)) {
            problems.add("list at " + header + ": no directory of " + chunks + " chunks at " + directory);
            return blocks;
        }
        blocks.add(directory);
        for (int chunk = 0; chunk < chunks; chunk++) {
            long at = segment.get(LittleEndian.LONG, directory + 8 + chunk * 8L);
            if (!headed(at, CHUNK_TYPE_ID) || segment.get(LittleEndian.INT, at + CHUNK_CAPACITY) != chunkCapacity(chunk)) {
                problems.add("list at " + header + ": chunk " + chunk + " at " + at + " is not a chunk of "
                        + chunkCapacity(chunk));
            } else if (!blocks.add(at)) {
                problems.add("list at " + header + ": chunk " + chunk + " at " + at + " is listed twice");
            }
        }
        if (problems.size() == earlier && kind() == ValueKind.STRING) {
            strings(blocks, problems);
        }
        return blocks;
    }

    /** Checks that every string element is one and is owned by one element only. */
    private void strings(Set<Long> blocks, List<String> problems) {
        long size = size();
        for (long i = 0; i < size; i++) {
            long element = get(i);
            if (element == 0) {
                continue;
            }
            String problem = OwnedValues.problem(segment, ValueKind.STRING, 0, element);
            if (problem != null) {
                problems.add("list at " + header + ", element " + i + ": " + problem);
            } else if (!blocks.add(element)) {
                problems.add("list at " + header + ", element " + i + ": the string at " + element + " is owned twice");
            }
        }
    }

    /** A convenience for tests: {@link #verify(List)} that collects its problems. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        verify(problems);
        return problems;
    }

    // ---- chunks

    static int chunkOf(long index) {
        if (index < SMALL_ELEMENTS) {
            return 31 - Integer.numberOfLeadingZeros((int) (index >>> 3) + 1);
        }
        return Math.toIntExact(SMALL_CHUNKS + (index - SMALL_ELEMENTS) / LARGE_CHUNK);
    }

    static long offsetInChunk(long index) {
        if (index < SMALL_ELEMENTS) {
            int chunk = chunkOf(index);
            return index - 8L * ((1L << chunk) - 1);
        }
        return (index - SMALL_ELEMENTS) % LARGE_CHUNK;
    }

    /** The index of the first element of {@code chunk}. */
    static long chunkStart(int chunk) {
        return chunk < SMALL_CHUNKS ? 8L * ((1L << chunk) - 1) : SMALL_ELEMENTS + (long) LARGE_CHUNK * (chunk - SMALL_CHUNKS);
    }

    /** The index after the last element of the chunk that holds {@code index}. */
    private static long chunkEnd(long index) {
        int chunk = chunkOf(index);
        return chunkStart(chunk) + chunkCapacity(chunk);
    }

    static int chunkCapacity(int chunk) {
        return chunk < SMALL_CHUNKS ? 8 << chunk : LARGE_CHUNK;
    }

    private long address(long index) {
        return chunkAt(chunkOf(index)) + ELEMENTS + offsetInChunk(index) * 8;
    }

    private long chunkAt(int chunk) {
        long directory = segment.get(LittleEndian.LONG, header + DIRECTORY);
        long at = segment.get(LittleEndian.LONG, directory + 8 + chunk * 8L);
        if (!headed(at, CHUNK_TYPE_ID)) {
            throw corrupt("chunk " + chunk + " at " + at + " is not a list chunk");
        }
        return at;
    }

    private boolean headed(long block, int typeId) {
        return block > 0 && block <= segment.byteSize() - ELEMENTS && RecordHeader.typeId(segment, block) == typeId;
    }

    private void addChunk(int chunk) {
        long directory = segment.get(LittleEndian.LONG, header + DIRECTORY);
        int capacity = directoryCapacity();
        if (chunk >= capacity) {
            int grown = Math.max(FIRST_DIRECTORY, capacity * 2);
            long replacement = heap.allocate(8 + grown * 8L);
            RecordHeader.write(segment, replacement, DIRECTORY_TYPE_ID, VERSION);
            if (directory != 0) {
                MemorySegment.copy(segment, directory + 8, segment, replacement + 8, chunk * 8L);
                heap.free(directory);
            }
            heap.markDirty(replacement, 8 + chunk * 8L);
            directory = replacement;
            segment.set(LittleEndian.LONG, header + DIRECTORY, directory);
            segment.set(LittleEndian.INT, header + DIRECTORY_CAPACITY, grown);
            heap.markDirty(header + DIRECTORY, 16);
        }
        int elements = chunkCapacity(chunk);
        long block = heap.allocate(ELEMENTS + elements * 8L);
        RecordHeader.write(segment, block, CHUNK_TYPE_ID, VERSION);
        segment.set(LittleEndian.INT, block + CHUNK_CAPACITY, elements);
        heap.markDirty(block, ELEMENTS);
        segment.set(LittleEndian.LONG, directory + 8 + chunk * 8L, block);
        heap.markDirty(directory + 8 + chunk * 8L, 8);
        setChunks(chunk + 1);
    }

    /** Frees chunks from the end until at most {@code keep} remain; with none left, the directory too. */
    private void releaseChunks(int keep) {
        int chunks = chunks();
        if (chunks <= keep) {
            return;
        }
        long directory = segment.get(LittleEndian.LONG, header + DIRECTORY);
        for (int chunk = chunks - 1; chunk >= keep; chunk--) {
            heap.free(chunkAt(chunk));
        }
        setChunks(keep);
        if (keep == 0) {
            heap.free(directory);
            segment.set(LittleEndian.LONG, header + DIRECTORY, 0L);
            segment.set(LittleEndian.INT, header + DIRECTORY_CAPACITY, 0);
            heap.markDirty(header + DIRECTORY, 16);
        }
    }

    private ValueKind kind() {
        return ValueKind.ofCode(segment.get(LittleEndian.BYTE, header + KIND));
    }

    private int chunks() {
        return segment.get(LittleEndian.INT, header + CHUNKS);
    }

    private int directoryCapacity() {
        return segment.get(LittleEndian.INT, header + DIRECTORY_CAPACITY);
    }

    private void setChunks(int chunks) {
        segment.set(LittleEndian.INT, header + CHUNKS, chunks);
        heap.markDirty(header + CHUNKS, 4);
    }

    private void setSize(long size) {
        segment.set(LittleEndian.LONG, header + SIZE, size);
        heap.markDirty(header + SIZE, 8);
    }

    private CorruptHeapException corrupt(String what) {
        return new CorruptHeapException("list at offset " + header + ": " + what);
    }
}
