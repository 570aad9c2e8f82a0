package dev.ferrite.runtime.collection;

import static dev.ferrite.runtime.collection.NodeFormat.COMPRESSED;
import static dev.ferrite.runtime.collection.NodeFormat.ENTRIES;
import static dev.ferrite.runtime.collection.NodeFormat.MOST_INLINE;
import static dev.ferrite.runtime.collection.NodeFormat.NODE_SIZE;
import static dev.ferrite.runtime.collection.NodeFormat.NULL_STRING;
import static dev.ferrite.runtime.collection.NodeFormat.OUT_OF_LINE;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructStore;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The payload of an entry of a map of leaf strings: the u16 offset of its value in the leaf and
 * a u16 length code, the UTF-8 length of a string kept in the leaf as it is, {@link
 * NodeFormat#COMPRESSED} and the length of its coding, {@link NodeFormat#NULL_STRING} or {@link
 * NodeFormat#OUT_OF_LINE}.
 */
final class LeafStrings {
    private LeafStrings() {}

    static int offset(MemorySegment segment, long payload) {
        return Short.toUnsignedInt(segment.get(LittleEndian.SHORT, payload));
    }

    static int code(MemorySegment segment, long payload) {
        return Short.toUnsignedInt(segment.get(LittleEndian.SHORT, payload + 2));
    }

    static void setPayload(MemorySegment segment, long payload, int offset, int code) {
        segment.set(LittleEndian.SHORT, payload, (short) offset);
        segment.set(LittleEndian.SHORT, payload + 2, (short) code);
    }

    /** A value as its leaf keeps it: its length code, and its bytes (null when it has none). */
    record Stored(int code, byte[] bytes) {}

    /** Bytes the value of length code {@code code} takes in its leaf. */
    static int valueSize(int code) {
        return code == NULL_STRING ? 0 : code == OUT_OF_LINE ? 8 : code & ~COMPRESSED;
    }

    /** Whether a leaf can hold a value of length code {@code code}. */
    static boolean validCode(int code) {
        if (code == NULL_STRING || code == OUT_OF_LINE) {
            return true;
        }
        int size = code & ~COMPRESSED;
        return size <= MOST_INLINE && (size > 0 || code == 0);
    }

    /**
     * How a leaf keeps {@code value}: coded if that saves an eighth of its bytes (and {@code
     * compression} tries, see {@link StringCompression#tryCompress}), else as it is, or,
     * longer than a leaf keeps either way, as the offset of a heap string allocated for it.
     */
    static Stored store(StructStore heap, StringCompression compression, String value) {
        if (value == null) {
            return new Stored(NULL_STRING, null);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] coded = compression.tryCompress(utf8);
        if (coded != null && coded.length <= MOST_INLINE) {
            return new Stored(COMPRESSED | coded.length, coded);
        }
        if (utf8.length <= MOST_INLINE) {
            return new Stored(utf8.length, utf8);
        }
        byte[] reference = new byte[8];
        MemorySegment.ofArray(reference).set(LittleEndian.LONG, 0, heap.replaceString(0, value));
        return new Stored(OUT_OF_LINE, reference);
    }

    /**
     * The string a leaf keeps as the {@code size} bytes of {@code bytes} under length code {@code
     * code}, neither null nor out of line; null if a coded value is damaged.
     */
    static String decode(int code, byte[] bytes, int size) {
        if ((code & COMPRESSED) == 0) {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }
        byte[] raw = StringCompression.decompress(bytes, size);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** The leaf that holds the payload at {@code payload}: nodes are whole pages. */
    static long leafOf(long payload) {
        return payload & -NODE_SIZE;
    }

    /**
     * Where the value of the payload at {@code payload} lies, checked to be inside the leaf, past
     * its entries.
     *
     * @throws CorruptHeapException if it is not
     */
    static long valueAddress(MemorySegment segment, long payload, int size) {
        int offset = offset(segment, payload);
        if (size > 0 && (offset < ENTRIES || offset + size > NODE_SIZE)) {
            throw new CorruptHeapException("sorted map leaf at offset " + leafOf(payload) + ": a value of " + size
                    + " bytes at offset " + offset + " runs outside the leaf");
        }
        return leafOf(payload) + offset;
    }

    /** The heap string a value of code {@link NodeFormat#OUT_OF_LINE} refers to. */
    static long outOfLine(MemorySegment segment, long payload) {
        return segment.get(LittleEndian.LONG, valueAddress(segment, payload, 8));
    }

    /** The string of the payload at {@code payload}, read from its leaf or its heap block. */
    static String read(StructStore heap, long payload) {
        MemorySegment segment = heap.segment();
        int code = code(segment, payload);
        if (code == NULL_STRING) {
            return null;
        }
        if (code == OUT_OF_LINE) {
            return heap.readString(outOfLine(segment, payload));
        }
        if (!validCode(code)) {
            throw new CorruptHeapException("sorted map leaf at offset " + leafOf(payload) + ": a value of length code "
                    + code + ", longer than a leaf keeps");
        }
        if (code == 0) {
            return "";
        }
        int size = valueSize(code);
        long at = valueAddress(segment, payload, size);
        String value = decode(code, segment.asSlice(at, size).toArray(ValueLayout.JAVA_BYTE), size);
        if (value == null) {
            throw new CorruptHeapException("sorted map leaf at offset " + leafOf(payload) + ": a compressed value of "
                    + size + " bytes at offset " + (at - leafOf(payload)) + " is damaged");
        }
        return value;
    }
}
