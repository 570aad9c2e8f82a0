package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;

/** {@code long} keys: an 8-byte little-endian slot, ordered as signed numbers. */
public final class LongKeyFormat extends KeyFormat {
    /** Nodes of at most this many entries are searched by plain bisection. */
    private static final int INTERPOLATION_MINIMUM = 16;
    /** Entries a search steps through before it bisects the rest. */
    private static final int SCAN_STEPS = 16;
    /** Entries below the interpolated guess where the steps start. */
    private static final int BACK_STEPS = 8;

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
    int search(long entries, int count, int entrySize) {
        return searchLong(segment, entries, count, entrySize, search);
    }

    /**
     * {@link #searchBelow} for a node without a bound from a parent (the root): the node's last key
     * serves instead.
     */
    static int searchLong(MemorySegment s, long entries, int count, int entrySize, long key) {
        if (count <= INTERPOLATION_MINIMUM) {
            return binarySearch(s, entries, 0, count - 1, entrySize, key);
        }
        int lastIndex = count - 1;
        long first = s.get(LittleEndian.LONG, entries);
        long last = s.get(LittleEndian.LONG, entries + (long) lastIndex * entrySize);
        if (key <= first) {
            return key == first ? 0 : -1;
        }
        if (key >= last) {
            return key == last ? lastIndex : -(count + 1);
        }
        return probeAndScan(s, entries, count, entrySize, key, first, last, lastIndex);
    }

    /**
     * The index of {@code key} among {@code count} sorted entries of {@code entrySize} bytes whose
     * slots start at {@code entries} of {@code s}, or {@code -(insertion point) - 1}; {@code
     * bound} is a key that the node's keys are all below (the parent's separator after the node),
     * used only to aim the first probe: a wrong bound makes the search slower, never wrong.
     *
     * <p>The interpolation aims where the key would sit if the keys were spread evenly from the
     * first one (read with the entry count, in the node's first cache line) up to the bound; the
     * search reads the entry {@value #BACK_STEPS} below that and steps up entry by entry, at most
     * {@value #SCAN_STEPS} times, bisecting what lies beyond (or below the first entry read) if the
     * aim was that far off. For keys spread evenly the key is a few entries from the aim, so a
     * search reads two or three cache lines of the node, and stepping in one direction only keeps
     * the branch that ends the steps predictable, so that the steps' loads, whose addresses do not
     * depend on what they read, are issued together. Keys spread unevenly cost a few steps more
     * than a binary search, never a scan of the node.
     */
    static int searchBelow(MemorySegment s, long entries, int count, int entrySize, long key, long bound) {
        if (count <= INTERPOLATION_MINIMUM) {
            return binarySearch(s, entries, 0, count - 1, entrySize, key);
        }
        long first = s.get(LittleEndian.LONG, entries);
        if (key <= first) {
            return key == first ? 0 : -1;
        }
        return probeAndScan(s, entries, count, entrySize, key, first, bound, count);
    }

    /**
     * The search once {@code key} is known to sort after the first entry: {@code high} is a key
     * above it, placed at index {@code highIndex} for the interpolation (the last entry's, or the
     * one past the end for a bound above the node).
     */
    private static int probeAndScan(
            MemorySegment s, long entries, int count, int entrySize, long key, long first, long high, int highIndex) {
        double fraction = ((double) key - (double) first) / ((double) high - (double) first);
        int guess = Math.clamp((long) (fraction * highIndex), 1, count - 1);
        // start a few entries below the guess and step up only, so that the steps' loads go out together
        int start = Math.max(1, guess - BACK_STEPS);
        long atStart = s.get(LittleEndian.LONG, entries + (long) start * entrySize);
        if (atStart >= key) {
            return atStart == key ? start : binarySearch(s, entries, 1, start - 1, entrySize, key);
        }
        int stop = Math.min(count, start + 1 + SCAN_STEPS);
        int i = start + 1;
        for (; i < stop; i++) {
            long found = s.get(LittleEndian.LONG, entries + (long) i * entrySize);
            if (found >= key) {
                return found == key ? i : -(i + 1);
            }
        }
        return i == count ? -(count + 1) : binarySearch(s, entries, i, count - 1, entrySize, key);
    }

    /**
     * A binary search of entries {@code low..high}; the key is known to sort after {@code low - 1}
     * and before {@code high + 1}.
     *
     * <p>Each step only moves the start of the range left to search, by a conditional move rather
     * than a branch, so the number of steps depends on the range's length alone: searches for keys
     * in no predictable order (an account picked at random) pay no mispredicted branch per step,
     * which in a node of 16 entries cost more than the loads themselves.
     */
    private static int binarySearch(MemorySegment s, long entries, int low, int high, int entrySize, long key) {
        int length = high - low + 1;
        if (length <= 0) {
            return -(low + 1);
        }
        // The first entry not below the key is at base or base + 1 (past high meaning "none"),
        // and entry base is below the key unless base is low.
        int base = low;
        while (length > 1) {
            int half = length >>> 1;
            long found = s.get(LittleEndian.LONG, entries + (long) (base + half) * entrySize);
            base = found < key ? base + half : base;
            length -= half;
        }
        int index = s.get(LittleEndian.LONG, entries + (long) base * entrySize) < key ? base + 1 : base;
        if (index <= high && s.get(LittleEndian.LONG, entries + (long) index * entrySize) == key) {
            return index;
        }
        return -(index + 1);
    }

    @Override
    void store(MemorySegment target, long slot) {
        target.set(LittleEndian.LONG, slot, search);
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
