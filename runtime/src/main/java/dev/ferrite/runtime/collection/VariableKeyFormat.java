package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Keys of up to {@link #MAX_KEY_BYTES} bytes, compared in place byte by byte: the machinery
 * shared by {@link StringKeyFormat} (UTF-8) and {@link BytesKeyFormat} (raw bytes), which differ
 * only in how a key becomes bytes and back, and in how the first differing byte orders two keys.
 *
 * <p>A slot is 24 bytes: a 4-byte length, then the key's bytes if they fit in 20, else the first
 * 12 bytes and the offset of a {@link NodeFormat#KEY_TYPE_ID key block} holding all of them. The
 * prefix decides most comparisons without touching the key block. A key that is a proper prefix
 * of another sorts first.
 */
public abstract sealed class VariableKeyFormat extends KeyFormat permits StringKeyFormat, BytesKeyFormat {
    /** Longest key, in bytes. */
    public static final int MAX_KEY_BYTES = 1 << 24;

    static final int SLOT_SIZE = 24;
    static final int INLINE_BYTES = 20;
    static final int PREFIX_BYTES = 12;
    private static final long SLOT_LENGTH = 0;
    private static final long SLOT_BYTES = 4;
    private static final long KEY_BLOCK = 16;
    /** Key blocks: a record header, the 4-byte length, 4 zero bytes, then the bytes. */
    static final long KEY_BLOCK_LENGTH = 8;
    static final long KEY_BLOCK_BYTES = 16;
    /** Below this many common bytes a plain loop beats {@link MemorySegment#mismatch}. */
    private static final int LOOP_LIMIT = 24;
    /**
     * Eight bytes at a time, big-endian so that the first differing byte is the most significant
     * difference.
     */
    private static final VarHandle SEARCH_WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong STORED_WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    final BlockHeap heap;
    final MemorySegment segment;
    private byte[] search;
    /** A view of {@link #search} for long comparisons, made when first needed. */
    private MemorySegment searchSegment;
    private int searchLength;
    /** The search key's bytes 0..7 and 8..15 as big-endian words, zero past its end. */
    private long head;
    private long secondHead;

    VariableKeyFormat(BlockHeap heap, int capacity) {
        this.heap = heap;
        this.segment = heap.segment();
        this.search = new byte[capacity];
    }

    /**
     * Orders two keys by their first differing bytes {@code a != b} (each 0..255), which sit at the
     * same position: negative if the search key's byte {@code a} sorts first.
     */
    abstract int compareAt(int a, int b);

    /** Keys of this format hold a buffer: worth keeping one search instance per reading thread. */
    @Override
    public abstract VariableKeyFormat reusableSearch();

    /** The search buffer with room for {@code bytes} bytes; its contents are kept only if it need not grow. */
    final byte[] searchBuffer(int bytes) {
        if (search.length < bytes) {
            search = new byte[Math.max(bytes, search.length * 2)];
            searchSegment = null;
        }
        return search;
    }

    /** Sets the search key's length, after its bytes were written into {@link #searchBuffer}. */
    final void searchLength(int length) {
        if (length > MAX_KEY_BYTES) {
            throw tooLong(length);
        }
        searchLength = length;
        head = searchWord(0);
        secondHead = searchWord(8);
    }

    /** Bytes {@code from..from+7} of the search key as a big-endian word, zero past its end. */
    private long searchWord(int from) {
        int bytes = Math.min(8, searchLength - from);
        if (bytes <= 0) {
            return 0;
        }
        if (from + 8 <= search.length) {
            return (long) SEARCH_WORD.get(search, from) & -1L << (64 - 8 * bytes);
        }
        long word = 0;
        for (int i = 0; i < 8; i++) {
            word = word << 8 | (i < bytes ? search[from + i] & 0xFF : 0);
        }
        return word;
    }

    static IllegalArgumentException tooLong(long length) {
        return new IllegalArgumentException(
                "key is at least " + length + " bytes long, more than the limit of " + MAX_KEY_BYTES);
    }

    @Override
    public final int slotSize() {
        return SLOT_SIZE;
    }

    /**
     * Compares the bytes the slot holds eight at a time as big-endian words, masked to the bytes
     * both keys have: most comparisons end in the first word. A key block is read only when the
     * slot's prefix cannot decide.
     */
    @Override
    final int compareTo(long slot) {
        int length = segment.get(LittleEndian.INT, slot + SLOT_LENGTH);
        if (length < 0) {
            throw new CorruptHeapException("key slot at offset " + slot + " has length " + length);
        }
        int n = searchLength;
        boolean inline = length <= INLINE_BYTES;
        // the bytes of both keys that the slot holds
        int inSlot = Math.min(n, inline ? length : PREFIX_BYTES);
        if (inSlot > 0) {
            long stored = segment.get(STORED_WORD, slot + SLOT_BYTES);
            long difference = (head ^ stored) & -1L << (64 - 8 * Math.min(inSlot, 8));
            if (difference != 0) {
                return compareWordsAt(head, stored, difference);
            }
            if (inSlot > 8) {
                stored = segment.get(STORED_WORD, slot + SLOT_BYTES + 8);
                difference = (secondHead ^ stored) & -1L << (64 - 8 * Math.min(inSlot - 8, 8));
                if (difference != 0) {
                    return compareWordsAt(secondHead, stored, difference);
                }
                if (inSlot > 16) {
                    return compareSearch(slot + SLOT_BYTES, length);
                }
            }
        }
        if (inline) {
            return Integer.compare(n, length);
        }
        if (n <= PREFIX_BYTES) {
            return -1; // a proper prefix of a longer key
        }
        return compareSearch(keyBlock(slot, length) + KEY_BLOCK_BYTES, length);
    }

    /** Orders two words by their first differing byte; {@code difference} is their masked XOR, not 0. */
    private int compareWordsAt(long searched, long stored, long difference) {
        int shift = 56 - (Long.numberOfLeadingZeros(difference) & ~7);
        return compareBytes((int) (searched >>> shift) & 0xFF, (int) (stored >>> shift) & 0xFF);
    }

    /** {@link #compareAt}, with the bytes below {@code EE}, which every format orders as numbers, done here. */
    private int compareBytes(int a, int b) {
        return a < 0xEE && b < 0xEE ? a - b : compareAt(a, b);
    }

    /** Compares the search key with {@code length} stored bytes at {@code address}. */
    private int compareSearch(long address, int length) {
        int common = Math.min(searchLength, length);
        int i = mismatch(address, common);
        if (i == common) {
            return Integer.compare(searchLength, length);
        }
        return compareBytes(search[i] & 0xFF, segment.get(LittleEndian.BYTE, address + i) & 0xFF);
    }

    /** The first index below {@code count} where the search key and the bytes differ, else count. */
    private int mismatch(long address, int count) {
        if (count <= LOOP_LIMIT) {
            byte[] s = search;
            int i = 0;
            for (; i + 8 <= count; i += 8) {
                long a = (long) SEARCH_WORD.get(s, i);
                long b = segment.get(STORED_WORD, address + i);
                if (a != b) {
                    return i + (Long.numberOfLeadingZeros(a ^ b) >>> 3);
                }
            }
            while (i < count && s[i] == segment.get(LittleEndian.BYTE, address + i)) {
                i++;
            }
            return i;
        }
        MemorySegment searched = searchSegment;
        if (searched == null) {
            searched = MemorySegment.ofArray(search);
            searchSegment = searched;
        }
        long found = MemorySegment.mismatch(searched, 0, count, segment, address, address + count);
        return found < 0 ? count : (int) found;
    }

    @Override
    final void store(MemorySegment target, long slot) {
        int length = searchLength;
        target.set(LittleEndian.INT, slot + SLOT_LENGTH, length);
        if (length <= INLINE_BYTES) {
            MemorySegment.copy(search, 0, target, LittleEndian.BYTE, slot + SLOT_BYTES, length);
            return;
        }
        MemorySegment.copy(search, 0, target, LittleEndian.BYTE, slot + SLOT_BYTES, PREFIX_BYTES);
        long block = heap.allocate(KEY_BLOCK_BYTES + length);
        RecordHeader.write(segment, block, NodeFormat.KEY_TYPE_ID, NodeFormat.VERSION);
        segment.set(LittleEndian.INT, block + KEY_BLOCK_LENGTH, length);
        MemorySegment.copy(search, 0, segment, LittleEndian.BYTE, block + KEY_BLOCK_BYTES, length);
        heap.markDirty(block, KEY_BLOCK_BYTES + length);
        target.set(LittleEndian.LONG, slot + KEY_BLOCK, block);
    }

    @Override
    final void duplicate(long from, MemorySegment target, long to) {
        MemorySegment.copy(segment, from, target, to, SLOT_SIZE);
        int length = segment.get(LittleEndian.INT, from + SLOT_LENGTH);
        if (length > INLINE_BYTES) {
            long source = keyBlock(from, length);
            long block = heap.allocate(KEY_BLOCK_BYTES + length);
            MemorySegment.copy(segment, source, segment, block, KEY_BLOCK_BYTES + length);
            heap.markDirty(block, KEY_BLOCK_BYTES + length);
            target.set(LittleEndian.LONG, to + KEY_BLOCK, block);
        }
    }

    @Override
    final void release(long slot) {
        int length = segment.get(LittleEndian.INT, slot + SLOT_LENGTH);
        if (length > INLINE_BYTES) {
            heap.free(keyBlock(slot, length));
        }
    }

    /** A copy of the bytes of the key stored at {@code slot}. */
    final byte[] storedBytes(long slot) {
        int length = segment.get(LittleEndian.INT, slot + SLOT_LENGTH);
        if (length < 0 || length > MAX_KEY_BYTES) {
            throw new CorruptHeapException("key slot at offset " + slot + " has length " + length);
        }
        long bytes = length <= INLINE_BYTES ? slot + SLOT_BYTES : keyBlock(slot, length) + KEY_BLOCK_BYTES;
        byte[] copy = new byte[length];
        MemorySegment.copy(segment, LittleEndian.BYTE, bytes, copy, 0, length);
        return copy;
    }

    /** The key block of a long key, checked to be one and to hold the slot's length. */
    private long keyBlock(long slot, int length) {
        long block = segment.get(LittleEndian.LONG, slot + KEY_BLOCK);
        if (block <= 0 || block > segment.byteSize() - KEY_BLOCK_BYTES - length
                || RecordHeader.typeId(segment, block) != NodeFormat.KEY_TYPE_ID
                || segment.get(LittleEndian.INT, block + KEY_BLOCK_LENGTH) != length) {
            throw new CorruptHeapException(
                    "key slot at offset " + slot + " does not point at a key block of " + length
                            + " bytes (points at " + block + ")");
        }
        return block;
    }

    @Override
    final long outOfLineReference(long slot) {
        return segment.get(LittleEndian.INT, slot + SLOT_LENGTH) > INLINE_BYTES ? slot + KEY_BLOCK : -1;
    }

    @Override
    final long outOfLine(long slot) {
        int length = segment.get(LittleEndian.INT, slot + SLOT_LENGTH);
        return length > INLINE_BYTES ? keyBlock(slot, length) : 0;
    }
}
