package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * String keys, stored as UTF-8 and ordered exactly as {@link String#compareTo} orders them.
 *
 * <p>A slot is 24 bytes: a 4-byte length, then the key's bytes if they fit in 20, else the first
 * 12 bytes and the offset of a {@link NodeFormat#KEY_TYPE_ID key block} holding all of them. The
 * prefix decides most comparisons without touching the key block.
 *
 * <p>Comparison works on the UTF-8 bytes in place. Unsigned byte order of UTF-8 is code point
 * order, which differs from {@code String.compareTo} (UTF-16 code unit order) in one case only:
 * a supplementary character (lead byte {@code F0..F4}) sorts before U+E000..U+FFFF (lead bytes
 * {@code EE, EF}) in UTF-16. Two keys with equal prefixes first differ at the same character, so
 * that case is recognised at the first differing byte and corrected there. Keys with unpaired
 * surrogates are not valid Unicode, have no UTF-8 form and are refused.
 */
public final class StringKeyFormat extends KeyFormat {
    /** Longest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1 << 24;

    static final int SLOT_SIZE = 24;
    static final int INLINE_BYTES = 20;
    static final int PREFIX_BYTES = 12;
    private static final long LENGTH = 0;
    private static final long BYTES = 4;
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

    private final BlockHeap heap;
    private final MemorySegment segment;
    private byte[] search;
    /** A view of {@link #search} for long comparisons, made when first needed. */
    private MemorySegment searchSegment;
    private int searchLength;

    StringKeyFormat(BlockHeap heap) {
        this(heap, 64);
    }

    private StringKeyFormat(BlockHeap heap, int capacity) {
        this.heap = heap;
        this.segment = heap.segment();
        this.search = new byte[capacity];
    }

    /**
     * A new format instance whose search key is {@code key}, for one read: readers each use their
     * own, so that they never share a search key with each other or with the writer.
     *
     * @throws IllegalArgumentException as {@link #prepare} does
     */
    public StringKeyFormat searching(String key) {
        StringKeyFormat search = new StringKeyFormat(heap, Math.max(8, Math.min(key.length(), MAX_KEY_BYTES) * 3));
        search.prepare(key);
        return search;
    }

    /**
     * Makes {@code key} the search key of this format, the one the tree's writes use, encoding it
     * as UTF-8 into a reused buffer.
     *
     * @throws IllegalArgumentException if the key has an unpaired surrogate or is longer than
     *     {@link #MAX_KEY_BYTES} in UTF-8
     */
    public void prepare(String key) {
        int chars = key.length();
        if (chars > MAX_KEY_BYTES) {
            throw tooLong(chars);
        }
        if (search.length < chars * 3) {
            search = new byte[Math.max(chars * 3, search.length * 2)];
            searchSegment = null;
        }
        byte[] out = search;
        int p = 0;
        for (int i = 0; i < chars; i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | c >> 6);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == chars || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    throw new IllegalArgumentException(
                            "key has an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                                    + " at index " + i + ": keys must be valid Unicode");
                }
                int cp = Character.toCodePoint(c, key.charAt(++i));
                out[p++] = (byte) (0xF0 | cp >> 18);
                out[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[p++] = (byte) (0xE0 | c >> 12);
                out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        if (p > MAX_KEY_BYTES) {
            throw tooLong(p);
        }
        searchLength = p;
    }

    private static IllegalArgumentException tooLong(int length) {
        return new IllegalArgumentException(
                "key is at least " + length + " bytes long in UTF-8, more than the limit of " + MAX_KEY_BYTES);
    }

    @Override
    public int code() {
        return STRING;
    }

    @Override
    public int slotSize() {
        return SLOT_SIZE;
    }

    @Override
    int compareTo(long slot) {
        int length = segment.get(LittleEndian.INT, slot + LENGTH);
        if (length <= INLINE_BYTES) {
            if (length < 0) {
                throw new CorruptHeapException("key slot at offset " + slot + " has length " + length);
            }
            return compareSearch(slot + BYTES, length);
        }
        int n = searchLength;
        int prefix = Math.min(n, PREFIX_BYTES);
        int i = mismatch(slot + BYTES, prefix);
        if (i < prefix) {
            return compareAt(search[i] & 0xFF, segment.get(LittleEndian.BYTE, slot + BYTES + i) & 0xFF);
        }
        if (n <= PREFIX_BYTES) {
            return -1; // a proper prefix of a longer key
        }
        return compareSearch(keyBlock(slot, length) + KEY_BLOCK_BYTES, length);
    }

    /** Compares the search key with {@code length} stored bytes at {@code address}. */
    private int compareSearch(long address, int length) {
        int common = Math.min(searchLength, length);
        int i = mismatch(address, common);
        if (i == common) {
            return Integer.compare(searchLength, length);
        }
        return compareAt(search[i] & 0xFF, segment.get(LittleEndian.BYTE, address + i) & 0xFF);
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

    /**
     * Orders two UTF-8 strings by their first differing bytes {@code a != b}, which sit at the
     * same position in the same character.
     */
    static int compareAt(int a, int b) {
        if ((a & 0xC0) == 0x80) {
            return a - b; // continuation bytes: same lead byte, code point order is UTF-16 order
        }
        return utf16Rank(a) - utf16Rank(b);
    }

    /** Lead bytes ranked in UTF-16 order: supplementary (surrogate pairs) before U+E000..U+FFFF. */
    private static int utf16Rank(int lead) {
        if (lead >= 0xF0) {
            return lead - 2;
        }
        return lead >= 0xEE ? lead + 5 : lead;
    }

    @Override
    void store(long slot) {
        int length = searchLength;
        segment.set(LittleEndian.INT, slot + LENGTH, length);
        if (length <= INLINE_BYTES) {
            MemorySegment.copy(search, 0, segment, LittleEndian.BYTE, slot + BYTES, length);
            return;
        }
        MemorySegment.copy(search, 0, segment, LittleEndian.BYTE, slot + BYTES, PREFIX_BYTES);
        long block = heap.allocate(KEY_BLOCK_BYTES + length);
        RecordHeader.write(segment, block, NodeFormat.KEY_TYPE_ID, NodeFormat.VERSION);
        segment.set(LittleEndian.INT, block + KEY_BLOCK_LENGTH, length);
        MemorySegment.copy(search, 0, segment, LittleEndian.BYTE, block + KEY_BLOCK_BYTES, length);
        heap.markDirty(block, KEY_BLOCK_BYTES + length);
        segment.set(LittleEndian.LONG, slot + KEY_BLOCK, block);
    }

    @Override
    void duplicate(long from, MemorySegment target, long to) {
        MemorySegment.copy(segment, from, target, to, SLOT_SIZE);
        int length = segment.get(LittleEndian.INT, from + LENGTH);
        if (length > INLINE_BYTES) {
            long source = keyBlock(from, length);
            long block = heap.allocate(KEY_BLOCK_BYTES + length);
            MemorySegment.copy(segment, source, segment, block, KEY_BLOCK_BYTES + length);
            heap.markDirty(block, KEY_BLOCK_BYTES + length);
            target.set(LittleEndian.LONG, to + KEY_BLOCK, block);
        }
    }

    @Override
    void release(long slot) {
        int length = segment.get(LittleEndian.INT, slot + LENGTH);
        if (length > INLINE_BYTES) {
            heap.free(keyBlock(slot, length));
        }
    }

    @Override
    Object read(long slot) {
        int length = segment.get(LittleEndian.INT, slot + LENGTH);
        if (length < 0 || length > MAX_KEY_BYTES) {
            throw new CorruptHeapException("key slot at offset " + slot + " has length " + length);
        }
        long bytes = length <= INLINE_BYTES ? slot + BYTES : keyBlock(slot, length) + KEY_BLOCK_BYTES;
        byte[] utf8 = new byte[length];
        MemorySegment.copy(segment, LittleEndian.BYTE, bytes, utf8, 0, length);
        return new String(utf8, StandardCharsets.UTF_8);
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
    int compareSlots(long a, long b) {
        return ((String) read(a)).compareTo((String) read(b));
    }

    @Override
    long outOfLine(long slot) {
        int length = segment.get(LittleEndian.INT, slot + LENGTH);
        return length > INLINE_BYTES ? keyBlock(slot, length) : 0;
    }
}
