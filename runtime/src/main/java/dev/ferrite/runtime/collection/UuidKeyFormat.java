package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.UUID;

/**
 * {@link UUID} keys: a 16-byte slot holding the most significant 64 bits, then the least
 * significant, each little-endian; ordered as {@link UUID#compareTo} orders them, which compares
 * the two halves as <em>signed</em> numbers, most significant first (so a UUID whose first hex
 * digit is 8 or more sorts before one that starts with 0).
 */
public final class UuidKeyFormat extends KeyFormat {
    private static final long LEAST = 8;

    private final MemorySegment segment;
    private long most;
    private long least;

    UuidKeyFormat(MemorySegment segment) {
        this.segment = segment;
    }

    @Override
    public void prepareKey(Object key) {
        UUID uuid = (UUID) key;
        most = uuid.getMostSignificantBits();
        least = uuid.getLeastSignificantBits();
    }

    @Override
    public UuidKeyFormat searchingKey(Object key) {
        UuidKeyFormat format = new UuidKeyFormat(segment);
        format.prepareKey(key);
        return format;
    }

    @Override
    public int code() {
        return UUID;
    }

    @Override
    public int slotSize() {
        return 16;
    }

    @Override
    int compareTo(long slot) {
        int c = Long.compare(most, segment.get(LittleEndian.LONG, slot));
        return c != 0 ? c : Long.compare(least, segment.get(LittleEndian.LONG, slot + LEAST));
    }

    @Override
    void store(MemorySegment target, long slot) {
        target.set(LittleEndian.LONG, slot, most);
        target.set(LittleEndian.LONG, slot + LEAST, least);
    }

    @Override
    void duplicate(long from, MemorySegment target, long to) {
        MemorySegment.copy(segment, from, target, to, 16);
    }

    @Override
    void release(long slot) {
        // UUID keys own nothing outside their slot
    }

    @Override
    Object read(long slot) {
        return new UUID(segment.get(LittleEndian.LONG, slot), segment.get(LittleEndian.LONG, slot + LEAST));
    }

    @Override
    int compareSlots(long a, long b) {
        return ((UUID) read(a)).compareTo((UUID) read(b));
    }

    @Override
    long outOfLine(long slot) {
        return 0;
    }
}
