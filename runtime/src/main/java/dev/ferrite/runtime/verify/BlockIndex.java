package dev.ferrite.runtime.verify;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The allocated blocks of a heap in address order, which of them the walk has reached, and the
 * reached ones still to be checked. Two sorted arrays rather than a map, so that a heap of
 * millions of records costs a few bytes per block.
 */
final class BlockIndex {
    private long[] offsets = new long[1024];
    private long[] sizes = new long[1024];
    private int count;
    private long bytes;
    private final BitSet reached = new BitSet();
    private long[] pending = new long[256];
    private int pendingCount;

    /**
     * Appends the next block; blocks must come in address order.
     *
     * @return the offset of the block it overlaps, or -1 if it overlaps none
     */
    long add(long offset, long size) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        long overlapped = count > 0 && offsets[count - 1] + sizes[count - 1] > offset ? offsets[count - 1] : -1;
        offsets[count] = offset;
        sizes[count] = size;
        count++;
        bytes += size;
        return overlapped;
    }

    /** The index of the block starting at {@code offset}, or -1 if none does. */
    int indexOf(long offset) {
        int index = Arrays.binarySearch(offsets, 0, count, offset);
        return index >= 0 ? index : -1;
    }

    long offset(int index) {
        return offsets[index];
    }

    long size(int index) {
        return sizes[index];
    }

    /** The number of blocks. */
    int count() {
        return count;
    }

    /** Bytes in all blocks. */
    long bytes() {
        return bytes;
    }

    /**
     * Marks the block at {@code offset} reached and, the first time, queues it to be checked.
     *
     * @return false if no block starts at {@code offset}
     */
    boolean reach(long offset) {
        int index = indexOf(offset);
        if (index < 0) {
            return false;
        }
        if (!reached.get(index)) {
            reached.set(index);
            if (pendingCount == pending.length) {
                pending = Arrays.copyOf(pending, pendingCount * 2);
            }
            pending[pendingCount++] = offset;
        }
        return true;
    }

    /** Marks the block at {@code index} reached without queueing it: the heap's own metadata. */
    void reachUnchecked(int index) {
        reached.set(index);
    }

    boolean hasPending() {
        return pendingCount > 0;
    }

    /** A reached block still to be checked. */
    long nextPending() {
        return pending[--pendingCount];
    }

    /** The number of blocks reached. */
    int reachedCount() {
        return reached.cardinality();
    }

    /** The index of the first block at or after {@code index} that was not reached, or {@link #count()}. */
    int nextUnreached(int index) {
        return Math.min(reached.nextClearBit(index), count);
    }
}
