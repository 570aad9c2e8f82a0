package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.heap.HeapStrings;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;

/** Checks that a payload which points at a block points at one of the right kind; for verifiers. */
final class OwnedValues {
    private OwnedValues() {}

    /**
     * What is wrong with the non-zero {@code payload} of a collection whose values are {@code kind}
     * (a reference, struct or string kind), or {@code null} if it points at a block of the right type.
     */
    static String problem(MemorySegment segment, ValueKind kind, int typeId, long payload) {
        if (kind == ValueKind.STRING) {
            if (payload <= 0 || payload > segment.byteSize() - HeapStrings.BYTES
                    || RecordHeader.typeId(segment, payload) != HeapStrings.TYPE) {
                return "no string at " + payload;
            }
            int length = segment.get(LittleEndian.INT, payload + HeapStrings.LENGTH);
            if (length < 0 || length > segment.byteSize() - HeapStrings.BYTES - payload) {
                return "the string at " + payload + " has length " + length;
            }
            return null;
        }
        long offset = Reference.offset(payload);
        if (offset <= 0 || offset > segment.byteSize() - RecordHeader.SIZE
                || RecordHeader.typeId(segment, offset) != typeId) {
            return "no record of type id 0x" + Integer.toHexString(typeId) + " at " + offset;
        }
        // A referenced record's generation is the heap walk's to check, which knows which blocks
        // are allocated; an owned record is the collection's, so its generation is checked here.
        int generation = RecordHeader.generation(segment, offset);
        if (kind == ValueKind.STRUCT && generation != Reference.generation(payload)) {
            return "the owned record of generation " + Reference.generation(payload) + " at offset " + offset
                    + " holds one of generation " + generation + ": it was freed"
                    + (generation == RecordHeader.FREED ? "" : " and its block reused") + " (a dangling reference)";
        }
        return null;
    }
}
