package dev.ferrite.runtime.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The 8-byte header at the start of every record: the type id (4 bytes), the schema version
 * the record was last written with (2 bytes, unsigned) and 2 bytes kept zero for later use.
 *
 * <p>Every layer reads it (flyweights, the allocator's users, the collections, the verifier, the
 * tools), so it sits below all of them and depends on nothing. Generated code never calls it.
 */
public final class RecordHeader {
    /** Bytes of the header; the first field of a struct starts here or later. */
    public static final long SIZE = 8;
    /** Offset of the 4-byte type id. */
    public static final long TYPE_ID = 0;
    /** Offset of the 2-byte schema version. */
    public static final long VERSION = 4;

    // The same layouts as struct.LittleEndian, which this package must not depend on.
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RecordHeader() {}

    /** The type id of the record at {@code offset}. */
    public static int typeId(MemorySegment segment, long offset) {
        return segment.get(INT, offset + TYPE_ID);
    }

    /** The schema version of the record at {@code offset}. */
    public static int version(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(SHORT, offset + VERSION));
    }

    /** Writes a header for a record of {@code typeId} at {@code version}. */
    public static void write(MemorySegment segment, long offset, int typeId, int version) {
        segment.set(INT, offset + TYPE_ID, typeId);
        segment.set(SHORT, offset + VERSION, (short) version);
        segment.set(SHORT, offset + VERSION + 2, (short) 0);
    }
}
