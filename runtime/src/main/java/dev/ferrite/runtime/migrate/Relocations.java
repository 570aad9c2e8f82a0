package dev.ferrite.runtime.migrate;

import java.util.Arrays;

/**
 * Where moved records went: old offset to new offset. Records are visited in address order, so
 * the old offsets arrive sorted and a lookup is a binary search over two plain arrays (a million
 * moves cost 16 MB, not a boxed map's 100).
 */
final class Relocations {
    private long[] from = new long[1024];
    private long[] to = new long[1024];
    private int size;

    /** Records a move; {@code old} must be above every earlier one. */
    void add(long old, long moved) {
        if (size > 0 && old <= from[size - 1]) {
            throw new IllegalArgumentException("moves must be added in address order: " + old + " after " + from[size - 1]);
        }
        if (size == from.length) {
            from = Arrays.copyOf(from, size * 2);
            to = Arrays.copyOf(to, size * 2);
        }
        from[size] = old;
        to[size] = moved;
        size++;
    }

    /** The new offset of the record that was at {@code old}, or 0 if it did not move. */
    long movedTo(long old) {
        if (old == 0) {
            return 0;
        }
        int index = Arrays.binarySearch(from, 0, size, old);
        return index < 0 ? 0 : to[index];
    }

    int size() {
        return size;
    }

    long oldOffset(int index) {
        return from[index];
    }
}
