package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;

/** {@code long} keys: an 8-byte little-endian slot, ordered as signed numbers. */
public final class LongKeyFormat extends KeyFormat {
    /** Nodes of at most this many entries are searched by plain bisection. */
    private static final int INTERPOLATION_MINIMUM = 16;
    /** Entries between the interpolated probe and the one that brackets the key with it. */
    private static final int PROBE_STEP = 8;

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

    /**
     * An interpolation search: the first probe goes where the key would sit if the node's keys
     * were spread evenly between its first and last, the next a few entries further; a binary
     * search finishes within the bracket they find, or within the side it falls on. A node is many
     * cache lines, so landing near the key skips most of the lines a plain binary search loads;
     * keys spread unevenly cost a few probes more than a binary search, never a scan.
     */
    @Override
    int search(long entries, int count, int entrySize) {
        if (count <= INTERPOLATION_MINIMUM) {
            return binarySearch(entries, 0, count - 1, entrySize);
        }
        MemorySegment s = segment;
        long key = search;
        int lastIndex = count - 1;
        long first = s.get(LittleEndian.LONG, entries);
        long last = s.get(LittleEndian.LONG, entries + (long) lastIndex * entrySize);
        if (key <= first) {
            return key == first ? 0 : -1;
        }
        if (key >= last) {
            return key == last ? lastIndex : -(count + 1);
        }
        // first < key < last: the answer is an index in 1..lastIndex
        double fraction = ((double) key - (double) first) / ((double) last - (double) first);
        int guess = Math.clamp((long) (fraction * lastIndex), 1, lastIndex - 1);
        long atGuess = s.get(LittleEndian.LONG, entries + (long) guess * entrySize);
        if (atGuess == key) {
            return guess;
        }
        if (atGuess < key) {
            int bound = Math.min(guess + PROBE_STEP, lastIndex);
            if (s.get(LittleEndian.LONG, entries + (long) bound * entrySize) >= key) {
                return binarySearch(entries, guess + 1, bound, entrySize);
            }
            return binarySearch(entries, bound + 1, lastIndex, entrySize);
        }
        int bound = Math.max(guess - PROBE_STEP, 0);
        if (s.get(LittleEndian.LONG, entries + (long) bound * entrySize) <= key) {
            return binarySearch(entries, bound, guess - 1, entrySize);
        }
        return binarySearch(entries, 1, bound - 1, entrySize);
    }

    /** A binary search of entries {@code low..high}; the key is known to sort after {@code low - 1} and before {@code high + 1}. */
    private int binarySearch(long entries, int low, int high, int entrySize) {
        MemorySegment s = segment;
        long key = search;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = s.get(LittleEndian.LONG, entries + (long) middle * entrySize);
            if (found < key) {
                low = middle + 1;
            } else if (found > key) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
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
