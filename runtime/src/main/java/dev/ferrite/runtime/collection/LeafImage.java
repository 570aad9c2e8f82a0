package dev.ferrite.runtime.collection;

import static dev.ferrite.runtime.collection.NodeFormat.COUNT;
import static dev.ferrite.runtime.collection.NodeFormat.ENTRIES;
import static dev.ferrite.runtime.collection.NodeFormat.NODE_SIZE;
import static dev.ferrite.runtime.collection.NodeFormat.STRING_PAYLOAD;
import static dev.ferrite.runtime.collection.NodeFormat.VALUE_BYTES;
import static dev.ferrite.runtime.collection.NodeFormat.VALUE_START;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The entries of one or more leaves of a map of leaf strings, copied out of the heap, to be
 * rearranged and written back: how such leaves split, merge, even out and close the gaps that
 * removed values leave. Key slots move as they are, with whatever out-of-line block they own.
 */
final class LeafImage {
    private final int slot;
    private final int stride;
    private byte[] keys;
    private int[] codes;
    private byte[][] values;
    private int count;

    LeafImage(int slot) {
        this.slot = slot;
        this.stride = slot + STRING_PAYLOAD;
        this.keys = new byte[64 * slot];
        this.codes = new int[64];
        this.values = new byte[64][];
    }

    int count() {
        return count;
    }

    void clear() {
        count = 0;
        Arrays.fill(values, null); // no stale strings kept alive
    }

    /** Appends the entries of the leaf at {@code leaf}, which holds {@code entries}. */
    void add(MemorySegment segment, long leaf, int entries) {
        for (int i = 0; i < entries; i++) {
            long entry = leaf + ENTRIES + (long) i * stride;
            int offset = LeafStrings.offset(segment, entry + slot);
            int code = LeafStrings.code(segment, entry + slot);
            int size = LeafStrings.valueSize(code);
            room(count + 1);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, entry, keys, count * slot, slot);
            codes[count] = code;
            if (!LeafStrings.validCode(code)) {
                throw new CorruptHeapException("sorted map leaf at offset " + leaf + ", entry " + i + ": length code "
                        + code + " is longer than a leaf keeps");
            }
            values[count] = size == 0 ? null
                    : segment.asSlice(LeafStrings.valueAddress(segment, entry + slot, size), size)
                            .toArray(ValueLayout.JAVA_BYTE);
            count++;
        }
    }

    /** Opens a gap at {@code index} and returns the segment of the key slots, to store a key at {@link #keyAt}. */
    MemorySegment insert(int index, int code, byte[] value) {
        room(count + 1);
        System.arraycopy(keys, index * slot, keys, (index + 1) * slot, (count - index) * slot);
        System.arraycopy(codes, index, codes, index + 1, count - index);
        System.arraycopy(values, index, values, index + 1, count - index);
        count++;
        setValue(index, code, value);
        return MemorySegment.ofArray(keys);
    }

    /** Where the key slot of entry {@code index} starts in the segment {@link #insert} returns. */
    long keyAt(int index) {
        return (long) index * slot;
    }

    void setValue(int index, int code, byte[] value) {
        codes[index] = code;
        values[index] = value;
    }

    /** Bytes that entries {@code from..to-1} take in a leaf: their entries and their values. */
    int weight(int from, int to) {
        int weight = (to - from) * stride;
        for (int i = from; i < to; i++) {
            weight += LeafStrings.valueSize(codes[i]);
        }
        return weight;
    }

    /**
     * The index that splits entries {@code from..to-1} into two runs as even in bytes as entries
     * allow, each of one entry at least.
     */
    int split(int from, int to) {
        int total = weight(from, to);
        int left = 0;
        for (int i = from; i < to - 1; i++) {
            int next = left + stride + LeafStrings.valueSize(codes[i]);
            if (2 * next >= total) {
                // entry i goes left if that leaves the larger run smaller than putting it right
                boolean leftWithIt = Math.max(next, total - next) <= Math.max(left, total - left) || i == from;
                return leftWithIt ? i + 1 : i;
            }
            left = next;
        }
        return to - 1;
    }

    /** The most entries from the first that fit in one leaf, at least one. */
    int fitting() {
        int weight = 0;
        for (int i = 0; i < count; i++) {
            weight += stride + LeafStrings.valueSize(codes[i]);
            if (weight > NodeFormat.NODE_BYTES) {
                return Math.max(i, 1);
            }
        }
        return count;
    }

    /** Drops the first {@code n} entries. */
    void removeFirst(int n) {
        System.arraycopy(keys, n * slot, keys, 0, (count - n) * slot);
        System.arraycopy(codes, n, codes, 0, count - n);
        System.arraycopy(values, n, values, 0, count - n);
        Arrays.fill(values, count - n, count, null);
        count -= n;
    }

    /**
     * Writes entries {@code from..to-1} as the whole content of the leaf at {@code leaf}: entries
     * from its start, values packed against its end in entry order. Marks what it writes.
     */
    void write(BlockHeap heap, long leaf, int from, int to) {
        MemorySegment segment = heap.segment();
        int n = to - from;
        int valueBytes = weight(from, to) - n * stride;
        int start = NODE_SIZE - valueBytes;
        if (ENTRIES + (long) n * stride > start) {
            throw new IllegalStateException("leaf strings: " + n + " entries of " + (n * stride + valueBytes)
                    + " bytes do not fit in a node");
        }
        int at = start;
        for (int i = from; i < to; i++) {
            long entry = leaf + ENTRIES + (long) (i - from) * stride;
            MemorySegment.copy(keys, i * slot, segment, ValueLayout.JAVA_BYTE, entry, slot);
            byte[] value = values[i];
            int offset = 0;
            if (value != null && value.length > 0) {
                MemorySegment.copy(value, 0, segment, ValueLayout.JAVA_BYTE, leaf + at, value.length);
                offset = at;
                at += value.length;
            }
            LeafStrings.setPayload(segment, entry + slot, offset, codes[i]);
        }
        segment.set(LittleEndian.INT, leaf + COUNT, n);
        segment.set(LittleEndian.INT, leaf + VALUE_START, start);
        segment.set(LittleEndian.INT, leaf + VALUE_BYTES, valueBytes);
        heap.markDirty(leaf + COUNT, VALUE_BYTES + 4 - COUNT);
        if (n > 0) {
            heap.markDirty(leaf + ENTRIES, (long) n * stride);
        }
        if (valueBytes > 0) {
            heap.markDirty(leaf + start, valueBytes);
        }
    }

    private void room(int needed) {
        if (needed > codes.length) {
            int grown = Math.max(needed, 2 * codes.length);
            keys = Arrays.copyOf(keys, grown * slot);
            codes = Arrays.copyOf(codes, grown);
            values = Arrays.copyOf(values, grown);
        }
    }
}
