package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;

/** {@code long} keys: an 8-byte little-endian slot, ordered as signed numbers. */
public final class LongKeyFormat extends KeyFormat {
    private final MemorySegment segment;
    private long search;

    LongKeyFormat(MemorySegment segment) {
        this.segment = segment;
    }

    /** Makes {@code key} the search key of this format, the one the tree's writes use. */
    public void prepare(long key) {
        search = key;
    }

    /**
     * A new format instance whose search key is {@code key}, for one read: readers each use their
     * own, so that they never share a search key with each other or with the writer.
     */
    public LongKeyFormat searching(long key) {
        LongKeyFormat search = new LongKeyFormat(segment);
        search.search = key;
        return search;
    }

    @Override
    public void prepareKey(Object key) {
        prepare((Long) key);
    }

    @Override
    public LongKeyFormat searchingKey(Object key) {
        return searching((Long) key);
    }

    @Override
    public int code() {
        return LONG;
    }

    @Override
    public int slotSize() {
        return 8;
    }

    @Override
    int compareTo(long slot) {
        return Long.compare(search, segment.get(LittleEndian.LONG, slot));
    }

    @Override
    void store(long slot) {
        segment.set(LittleEndian.LONG, slot, search);
    }

    @Override
    void duplicate(long from, MemorySegment target, long to) {
        target.set(LittleEndian.LONG, to, segment.get(LittleEndian.LONG, from));
    }

    @Override
    void release(long slot) {
        // long keys own nothing outside their slot
    }

    @Override
    Object read(long slot) {
        return segment.get(LittleEndian.LONG, slot);
    }

    @Override
    int compareSlots(long a, long b) {
        return Long.compare(segment.get(LittleEndian.LONG, a), segment.get(LittleEndian.LONG, b));
    }

    @Override
    long outOfLine(long slot) {
        return 0;
    }
}
