package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;

/** {@code int} keys: a 4-byte little-endian slot, ordered as signed numbers. */
public final class IntKeyFormat extends KeyFormat {
    private final MemorySegment segment;
    private int search;

    IntKeyFormat(MemorySegment segment) {
        this.segment = segment;
    }

    @Override
    public void prepareKey(Object key) {
        search = (Integer) key;
    }

    @Override
    public IntKeyFormat searchingKey(Object key) {
        IntKeyFormat format = new IntKeyFormat(segment);
        format.search = (Integer) key;
        return format;
    }

    @Override
    public int code() {
        return INT;
    }

    @Override
    public int slotSize() {
        return 4;
    }

    @Override
    int compareTo(long slot) {
        return Integer.compare(search, segment.get(LittleEndian.INT, slot));
    }

    @Override
    void store(MemorySegment target, long slot) {
        target.set(LittleEndian.INT, slot, search);
    }

    @Override
    void duplicate(long from, MemorySegment target, long to) {
        target.set(LittleEndian.INT, to, segment.get(LittleEndian.INT, from));
    }

    @Override
    void release(long slot) {
        // int keys own nothing outside their slot
    }

    @Override
    Object read(long slot) {
        return segment.get(LittleEndian.INT, slot);
    }

    @Override
    int compareSlots(long a, long b) {
        return Integer.compare(segment.get(LittleEndian.INT, a), segment.get(LittleEndian.INT, b));
    }

    @Override
    long outOfLine(long slot) {
        return 0;
    }
}
