package dev.ferrite.runtime.compact;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Where the blocks a compaction moved went: old offset, new offset and size, looked up by binary
 * search over plain arrays sorted by old offset (a million moves cost 24 MB, not a boxed map's
 * hundred).
 */
final class BlockMoves {
    private long[] from = new long[1024];
    private long[] to = new long[1024];
    private long[] size = new long[1024];
    private int count;
    private boolean sorted = true;

    void add(long old, long moved, long bytes) {
        if (count == from.length) {
            from = Arrays.copyOf(from, count * 2);
            to = Arrays.copyOf(to, count * 2);
            size = Arrays.copyOf(size, count * 2);
        }
        sorted &= count == 0 || old > from[count - 1];
        from[count] = old;
        to[count] = moved;
        size[count] = bytes;
        count++;
    }

    /** Sorts the moves by old offset; to be called once every move is added, before any lookup. */
    void seal() {
        if (sorted) {
            return;
        }
        int[] order = IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingLong(i -> from[i])).mapToInt(Integer::intValue).toArray();
        long[] sortedFrom = new long[count];
        long[] sortedTo = new long[count];
        long[] sortedSize = new long[count];
        for (int i = 0; i < count; i++) {
            int index = order[i];
            sortedFrom[i] = from[index];
            sortedTo[i] = to[index];
            sortedSize[i] = size[index];
        }
        from = sortedFrom;
        to = sortedTo;
        size = sortedSize;
        sorted = true;
    }

    /** The new offset of the block that started at {@code old}, or {@code old} if it did not move. */
    long movedTo(long old) {
        int index = Arrays.binarySearch(from, 0, count, old);
        return index < 0 ? old : to[index];
    }

    /** Where the byte at {@code address} is now: in the moved copy if its block moved. */
    long addressNow(long address) {
        int index = Arrays.binarySearch(from, 0, count, address);
        if (index < 0) {
            index = -index - 2;
        }
        if (index >= 0 && address < from[index] + size[index]) {
            return to[index] + (address - from[index]);
        }
        return address;
    }

    int count() {
        return count;
    }

    /** The bytes of the blocks moved. */
    long bytes() {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += size[i];
        }
        return bytes;
    }
}
