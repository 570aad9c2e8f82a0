package dev.ferrite.runtime.collection;

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
 * a u16 length code, the UTF-8 length of a string kept in the leaf, {@link
 * NodeFormat#NULL_STRING} or {@link NodeFormat#OUT_OF_LINE}.
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

    /** Bytes the value of length code {@code code} takes in its leaf. */
    static int valueSize(int code) {
        return code == NULL_STRING ? 0 : code == OUT_OF_LINE ? 8 : code;
    }

    /** The length code of {@code utf8}, the UTF-8 bytes of a string, or of null. */
    static int codeOf(byte[] utf8) {
        return utf8 == null ? NULL_STRING : utf8.length > MOST_INLINE ? OUT_OF_LINE : utf8.length;
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
        if (code > MOST_INLINE) {
            throw new CorruptHeapException("sorted map leaf at offset " + leafOf(payload) + ": a value of length code "
                    + code + ", longer than a leaf keeps");
        }
        if (code == 0) {
            return "";
        }
        long at = valueAddress(segment, payload, code);
        return new String(segment.asSlice(at, code).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /**
     * The bytes a value takes in a leaf: the UTF-8 bytes of {@code value}, or, for a string longer
     * than a leaf keeps, the offset of a heap string allocated for it.
     */
    static byte[] bytesFor(StructStore heap, String value, byte[] utf8) {
        if (codeOf(utf8) != OUT_OF_LINE) {
            return utf8;
        }
        long reference = heap.replaceString(0, value);
        byte[] bytes = new byte[8];
        MemorySegment.ofArray(bytes).set(LittleEndian.LONG, 0, reference);
        return bytes;
    }
}
