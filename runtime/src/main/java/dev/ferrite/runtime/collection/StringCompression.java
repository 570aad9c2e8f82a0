package dev.ferrite.runtime.collection;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A fast LZ77 coding of the strings a map keeps in its leaves, kept only where it saves an eighth
 * of a string's bytes: values that repeat within themselves (fillers, padding, repeated fields)
 * take a fraction of their length, while others are stored as they are.
 *
 * <p>A coded value is the UTF-8 length as a varint (7 bits a byte, low first), then sequences,
 * each a token byte whose high 4 bits are the number of literal bytes and whose low 4 bits are the
 * match length less 4 (15 in either means that bytes follow, each added to it, until one is not
 * 255), the literal bytes, then, unless the value is complete after them, a 2-byte little-endian
 * distance back (1 to 65,535) to copy the match from, and the match length's further bytes. A
 * match may overlap the bytes it produces. Decoding checks every length and distance against the
 * value's and the input's bounds, so a damaged value is reported, never read past.
 */
final class StringCompression {
    /** Values shorter than this are not worth a try. */
    static final int SHORTEST = 16;
    /** The longest value coded: its length must fit the varint's three bytes and a distance. */
    static final int LONGEST = 1 << 16;
    private static final int MIN_MATCH = 4;
    private static final int HASH_BITS = 10;

    /** Failed tries in a row past which only every {@link #SAMPLE}th value is tried. */
    private static final int GIVE_UP = 64;
    private static final int SAMPLE = 32;

    private final int[] table = new int[1 << HASH_BITS];
    private byte[] output = new byte[256];
    private int length;
    private int failures;
    private int skipped;

    /**
     * {@link #compress}, but once {@value #GIVE_UP} values in a row did not compress, only every
     * {@value #SAMPLE}th is tried until one does: a map of values that never repeat then costs
     * little more than one without coding, and one whose values start to repeat codes them again
     * within {@value #SAMPLE} puts.
     */
    byte[] tryCompress(byte[] raw) {
        if (raw.length < SHORTEST || raw.length > LONGEST) {
            return null;
        }
        if (failures >= GIVE_UP && ++skipped % SAMPLE != 0) {
            return null;
        }
        byte[] coded = compress(raw);
        failures = coded == null ? failures + 1 : 0;
        return coded;
    }

    /**
     * The coding of {@code raw}, or null if it is shorter than {@link #SHORTEST}, longer than
     * {@link #LONGEST}, or does not save an eighth of its bytes.
     */
    byte[] compress(byte[] raw) {
        int n = raw.length;
        if (n < SHORTEST || n > LONGEST) {
            return null;
        }
        int budget = n - n / 8;
        if (output.length < n + 16) {
            output = new byte[n + 16];
        }
        int bits = Math.min(HASH_BITS, 32 - Integer.numberOfLeadingZeros(n));
        Arrays.fill(table, 0, 1 << bits, -1);
        length = 0;
        varint(n);
        int anchor = 0;
        int i = 0;
        int misses = 0;
        while (i <= n - MIN_MATCH) {
            int word = word(raw, i);
            int slot = (word * 0x9E3779B1) >>> (32 - bits);
            int candidate = table[slot];
            table[slot] = i;
            if (candidate < 0 || i - candidate > 0xFFFF || word(raw, candidate) != word) {
                // Bytes that find no match are looked at ever more sparsely, so that a value that
                // does not repeat costs a fraction of its length.
                i += 1 + (misses++ >>> 3);
                if (length + i - anchor > budget) {
                    return null; // the literals since the last match alone exceed what coding may take
                }
                continue;
            }
            misses = 0;
            int match = MIN_MATCH;
            while (i + match < n && raw[candidate + match] == raw[i + match]) {
                match++;
            }
            if (!sequence(raw, anchor, i - anchor, i - candidate, match, budget)) {
                return null;
            }
            i += match;
            anchor = i;
        }
        if (anchor < n && !sequence(raw, anchor, n - anchor, 0, 0, budget)) {
            return null;
        }
        return length <= budget ? Arrays.copyOf(output, length) : null;
    }

    /**
     * The value coded in {@code size} bytes at {@code at} of {@code segment}, or null if they are
     * not a valid coding.
     */
    static byte[] decompress(MemorySegment segment, long at, int size) {
        byte[] coded = new byte[size];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, at, coded, 0, size);
        return decompress(coded, size);
    }

    /** The value coded in the first {@code size} bytes of {@code coded}, or null if they are not a valid coding. */
    static byte[] decompress(byte[] coded, int size) {
        if (size > LONGEST) {
            return null; // no coding is longer than its value; this also bounds the length sums below
        }
        int p = 0;
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= size || shift > 14) {
                return null;
            }
            int b = coded[p++] & 0xFF;
            n |= (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (n > LONGEST) {
            return null;
        }
        byte[] raw = new byte[n];
        int o = 0;
        while (o < n) {
            if (p >= size) {
                return null;
            }
            int token = coded[p++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                for (int b = 255; b == 255; literals += b) {
                    if (p >= size) {
                        return null;
                    }
                    b = coded[p++] & 0xFF;
                }
            }
            if (literals > n - o || literals > size - p) {
                return null;
            }
            System.arraycopy(coded, p, raw, o, literals);
            p += literals;
            o += literals;
            if (o == n) {
                break;
            }
            if (p + 2 > size) {
                return null;
            }
            int distance = (coded[p] & 0xFF) | (coded[p + 1] & 0xFF) << 8;
            p += 2;
            int match = (token & 15) + MIN_MATCH;
            if ((token & 15) == 15) {
                for (int b = 255; b == 255; match += b) {
                    if (p >= size) {
                        return null;
                    }
                    b = coded[p++] & 0xFF;
                }
            }
            if (distance == 0 || distance > o || match > n - o) {
                return null;
            }
            for (int k = 0; k < match; k++, o++) {
                raw[o] = raw[o - distance];
            }
        }
        return p == size ? raw : null;
    }

    /** Appends a sequence: {@code literals} bytes of {@code raw} from {@code from}, then a match unless {@code match} is 0. */
    private boolean sequence(byte[] raw, int from, int literals, int distance, int match, int budget) {
        if (length + literals + 8 + literals / 255 + match / 255 > output.length) {
            return false; // more than the value itself: not worth it
        }
        int extra = match == 0 ? 0 : match - MIN_MATCH;
        output[length++] = (byte) (Math.min(literals, 15) << 4 | Math.min(extra, 15));
        if (literals >= 15) {
            extend(literals - 15);
        }
        System.arraycopy(raw, from, output, length, literals);
        length += literals;
        if (match > 0) {
            output[length++] = (byte) distance;
            output[length++] = (byte) (distance >>> 8);
            if (extra >= 15) {
                extend(extra - 15);
            }
        }
        return length <= budget;
    }

    private void extend(int rest) {
        for (; rest >= 255; rest -= 255) {
            output[length++] = (byte) 255;
        }
        output[length++] = (byte) rest;
    }

    private void varint(int value) {
        for (; value >= 0x80; value >>>= 7) {
            output[length++] = (byte) (value | 0x80);
        }
        output[length++] = (byte) value;
    }

    private static int word(byte[] raw, int at) {
        return (int) WORD.get(raw, at);
    }

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
}
