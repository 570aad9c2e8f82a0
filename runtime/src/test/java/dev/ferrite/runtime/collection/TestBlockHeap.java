package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.heap.HeapStrings;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A {@link BlockHeap} over an arena segment for testing the collections without a heap file: a
 * bump allocator with exact-size free lists that page-aligns page-sized blocks (as a page-run
 * allocator does), a root map, double-free detection, and a record of every byte marked dirty so
 * that tests can check that each written byte was marked.
 */
public final class TestBlockHeap implements BlockHeap, AutoCloseable {
    private static final int PAGE = 4096;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment segment;
    private final Map<Long, Long> live = new HashMap<>();
    private final Map<Long, ArrayDeque<Long>> freeBySize = new HashMap<>();
    private final Map<String, Long> roots = new HashMap<>();
    private final BitSet marked = new BitSet();
    /** Bytes the allocator zeroed for reuse: its own writes, not the collections'. */
    private final BitSet zeroed = new BitSet();
    private final TreeSet<Long> dirtyPages = new TreeSet<>();
    private long top = PAGE;

    public TestBlockHeap(long capacity) {
        this.segment = arena.allocate(capacity, PAGE);
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public long allocate(long bytes) {
        long size = (bytes + 7) & ~7L;
        ArrayDeque<Long> reusable = freeBySize.get(size);
        long offset;
        if (reusable != null && !reusable.isEmpty()) {
            offset = reusable.pop();
            segment.asSlice(offset, size).fill((byte) 0);
            zeroed.set(Math.toIntExact(offset), Math.toIntExact(offset + size));
        } else {
            long alignment = size >= PAGE ? PAGE : 8;
            offset = (top + alignment - 1) & -alignment;
            if (offset + size > segment.byteSize()) {
                throw new dev.ferrite.runtime.HeapFullException("test heap of " + segment.byteSize() + " bytes is full");
            }
            top = offset + size;
        }
        live.put(offset, size);
        return offset;
    }

    @Override
    public void free(long offset) {
        Long size = live.remove(offset);
        if (size == null) {
            throw new IllegalStateException("free of " + offset + ", which is not a live block");
        }
        freeBySize.computeIfAbsent(size, s -> new ArrayDeque<>()).push(offset);
    }

    @Override
    public long root(String name) {
        return roots.getOrDefault(name, 0L);
    }

    @Override
    public void setRoot(String name, long offset) {
        if (offset == 0) {
            roots.remove(name);
        } else {
            roots.put(name, offset);
        }
    }

    @Override
    public void markDirty(long offset, long length) {
        Objects.checkFromIndexSize(offset, length, segment.byteSize());
        marked.set(Math.toIntExact(offset), Math.toIntExact(offset + length));
        for (long page = offset / PAGE; page <= (offset + length - 1) / PAGE; page++) {
            dirtyPages.add(page);
        }
    }

    @Override
    public long referenceTo(Object struct, StructType<?> type) {
        if (struct == null) {
            return 0;
        }
        if (!(struct instanceof Flyweight flyweight) || flyweight.structType() != type || flyweight.store() != this) {
            throw new IllegalArgumentException("not a " + type.schemaName() + " record of this heap: " + struct);
        }
        return flyweight.offset();
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        if (reference == 0) {
            return null;
        }
        if (RecordHeader.typeId(segment, reference) != type.typeId()) {
            throw new IllegalStateException("no " + type.schemaName() + " record at " + reference);
        }
        return type.wrap(this, reference);
    }

    /** Reads a string block in the heap's format ({@link HeapStrings}), checking that one is there. */
    @Override
    public String readString(long reference) {
        if (reference == 0) {
            return null;
        }
        requireString(reference);
        byte[] bytes = new byte[segment.get(LittleEndian.INT, reference + HeapStrings.LENGTH)];
        MemorySegment.copy(segment, LittleEndian.BYTE, reference + HeapStrings.BYTES, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes a string block in the heap's format and frees the old one. */
    @Override
    public long replaceString(long oldReference, String value) {
        long reference = 0;
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            reference = allocate(HeapStrings.BYTES + bytes.length);
            RecordHeader.write(segment, reference, HeapStrings.TYPE, 1);
            segment.set(LittleEndian.INT, reference + HeapStrings.LENGTH, bytes.length);
            MemorySegment.copy(bytes, 0, segment, LittleEndian.BYTE, reference + HeapStrings.BYTES, bytes.length);
            markDirty(reference, HeapStrings.BYTES + bytes.length);
        }
        if (oldReference != 0) {
            requireString(oldReference);
            free(oldReference);
        }
        return reference;
    }

    private void requireString(long reference) {
        if (!live.containsKey(reference) || RecordHeader.typeId(segment, reference) != HeapStrings.TYPE) {
            throw new IllegalStateException("no live string at " + reference);
        }
    }

    /** Offsets and sizes of the blocks allocated and not freed. */
    public Map<Long, Long> liveBlocks() {
        return Map.copyOf(live);
    }

    /** Pages with bytes marked since the last {@link #resetDirty()}. */
    public TreeSet<Long> dirtyPages() {
        return new TreeSet<>(dirtyPages);
    }

    /** Forgets the marks, and returns a copy of the memory in use to compare against later. */
    public byte[] resetDirty() {
        marked.clear();
        zeroed.clear();
        dirtyPages.clear();
        return segment.asSlice(0, top).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * The first offset whose byte differs from {@code snapshot} without being marked (or zeroed by
     * the allocator), or -1.
     */
    public long firstUnmarkedWrite(byte[] snapshot) {
        for (int i = 0; i < top; i++) {
            byte now = segment.get(ValueLayout.JAVA_BYTE, i);
            byte before = i < snapshot.length ? snapshot[i] : 0;
            if (now != before && !marked.get(i) && !(now == 0 && zeroed.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        arena.close();
    }
}
