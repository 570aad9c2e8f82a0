package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.heap.BlockHeap;
import java.nio.charset.StandardCharsets;

/**
 * String keys, stored as UTF-8 in {@link VariableKeyFormat}'s slots and ordered exactly as {@link
 * String#compareTo} orders them.
 *
 * <p>Comparison works on the UTF-8 bytes in place. Unsigned byte order of UTF-8 is code point
 * order, which differs from {@code String.compareTo} (UTF-16 code unit order) in one case only:
 * a supplementary character (lead byte {@code F0..F4}) sorts before U+E000..U+FFFF (lead bytes
 * {@code EE, EF}) in UTF-16. Two keys with equal prefixes first differ at the same character, so
 * that case is recognised at the first differing byte and corrected there. Keys with unpaired
 * surrogates are not valid Unicode, have no UTF-8 form and are refused.
 */
public final class StringKeyFormat extends VariableKeyFormat {

    StringKeyFormat(BlockHeap heap) {
        this(heap, 64);
    }

    private StringKeyFormat(BlockHeap heap, int capacity) {
        super(heap, capacity);
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

    @Override
    public void prepareKey(Object key) {
        prepare((String) key);
    }

    @Override
    public StringKeyFormat searchingKey(Object key) {
        return searching((String) key);
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
        byte[] out = searchBuffer(chars * 3);
        int ascii = 0;
        while (ascii < chars) {
            char c = key.charAt(ascii);
            if (c >= 0x80) {
                break;
            }
            out[ascii++] = (byte) c;
        }
        int p = ascii;
        for (int i = ascii; i < chars; i++) {
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
        searchLength(p);
    }

    @Override
    public StringKeyFormat reusableSearch() {
        return new StringKeyFormat(heap);
    }

    @Override
    public int code() {
        return STRING;
    }

    @Override
    int compareAt(int a, int b) {
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
    Object read(long slot) {
        return new String(storedBytes(slot), StandardCharsets.UTF_8);
    }

    @Override
    int compareSlots(long a, long b) {
        return ((String) read(a)).compareTo((String) read(b));
    }
}
