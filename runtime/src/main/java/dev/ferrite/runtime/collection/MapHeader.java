package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.MemorySegment;

/**
 * The fixed description in a sorted map's header block: what its keys and values are.
 *
 * @param keyCode the code of a {@link KeyFormat}
 * @param values what the payloads hold
 * @param valueTypeId the type id of reference and struct values, 0 for the others
 * @param leafStrings whether string values are kept in the leaves ({@link NodeFormat#LEAF_STRINGS})
 *     rather than in heap blocks of their own
 */
public record MapHeader(int keyCode, ValueKind values, int valueTypeId, boolean leafStrings) {

    /**
     * Reads the header block at {@code offset}.
     *
     * @throws IllegalArgumentException if no sorted map header is at {@code offset}
     * @throws CorruptHeapException if the header is one but holds impossible values
     */
    public static MapHeader read(MemorySegment segment, long offset) {
        if (offset <= 0 || offset > segment.byteSize() - NodeFormat.HEADER_SIZE) {
            throw new IllegalArgumentException(
                    "handle " + offset + " is not a sorted map: outside the heap of " + segment.byteSize() + " bytes");
        }
        int typeId = RecordHeader.typeId(segment, offset);
        if (typeId != NodeFormat.MAP_TYPE_ID) {
            throw new IllegalArgumentException(
                    "handle " + offset + " is not a sorted map: its block has type id 0x" + Integer.toHexString(typeId));
        }
        int version = RecordHeader.version(segment, offset);
        if (version != NodeFormat.VERSION) {
            throw new CorruptHeapException(
                    "sorted map at offset " + offset + " has format version " + version + ", this runtime reads "
                            + NodeFormat.VERSION);
        }
        int keyCode = segment.get(LittleEndian.BYTE, offset + NodeFormat.KEY_KIND);
        int valueCode = segment.get(LittleEndian.BYTE, offset + NodeFormat.VALUE_KIND);
        boolean leafStrings = valueCode == NodeFormat.LEAF_STRINGS;
        ValueKind values = leafStrings ? ValueKind.STRING : ValueKind.ofCode(valueCode);
        if (!KeyFormat.known(keyCode) || values == null) {
            throw new CorruptHeapException("sorted map at offset " + offset + " has unknown key or value codes");
        }
        if (offset > segment.byteSize() - NodeFormat.headerSize(keyCode)) {
            throw new CorruptHeapException("sorted map at offset " + offset + " has a header that runs past the end"
                    + " of the heap of " + segment.byteSize() + " bytes");
        }
        return new MapHeader(
                keyCode, values, segment.get(LittleEndian.INT, offset + NodeFormat.VALUE_TYPE), leafStrings);
    }
}
