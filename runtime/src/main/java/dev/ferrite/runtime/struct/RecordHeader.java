package dev.ferrite.runtime.struct;

import java.lang.foreign.MemorySegment;

/**
 * The 8-byte header at the start of every record: the type id (4 bytes), the schema version
 * the record was last written with (2 bytes, unsigned) and 2 bytes kept zero for later use.
 */
public final class RecordHeader {
    /** Bytes of the header; the first field of a struct starts here or later. */
    public static final long SIZE = 8;
    /** Offset of the 4-byte type id. */
    public static final long TYPE_ID = 0;
    /** Offset of the 2-byte schema version. */
    public static final long VERSION = 4;

    private RecordHeader() {}

    /** The type id of the record at {@code offset}. */
    public static int typeId(MemorySegment segment, long offset) {
        return segment.get(LittleEndian.INT, offset + TYPE_ID);
    }

    /** The schema version of the record at {@code offset}. */
    public static int version(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(LittleEndian.SHORT, offset + VERSION));
    }

    /** Writes a header for a record of {@code typeId} at {@code version}. */
    public static void write(MemorySegment segment, long offset, int typeId, int version) {
        segment.set(LittleEndian.INT, offset + TYPE_ID, typeId);
        segment.set(LittleEndian.SHORT, offset + VERSION, (short) version);
        segment.set(LittleEndian.SHORT, offset + VERSION + 2, (short) 0);
    }
}
