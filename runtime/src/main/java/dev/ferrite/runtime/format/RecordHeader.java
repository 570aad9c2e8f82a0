package dev.ferrite.runtime.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The 8-byte header at the start of every record: the type id (4 bytes), the schema version
 * the record was last written with (2 bytes, unsigned) and the record's generation (2 bytes,
 * unsigned).
 *
 * <p>The generation tells records that occupy the same block one after another apart: the heap
 * gives each record it allocates a new one (never 0 or {@link #FREED}), writes {@link #FREED} when
 * it frees the record, and references and flyweights carry the generation they were made with,
 * so that one which outlived its record is caught when it is used. The struct values a map owns
 * get one too, which the map's payload carries like a reference. Records and blocks written
 * before generations existed, blocks that are not records of a struct, and records embedded
 * ({@code @Inline}) in others hold 0: a view of an embedded record checks the header of the
 * record it is embedded in. Since 0 is also what a page given back to the file system reads,
 * flyweights compare the type id as well.
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
    /** Offset of the 2-byte generation. */
    public static final long GENERATION = 6;
    /** The generation of a freed record: no live record has it. */
    public static final int FREED = 0xFFFF;

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

    /** The generation of the record at {@code offset}. */
    public static int generation(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(SHORT, offset + GENERATION));
    }

    /** Writes {@code generation} into the header of the record at {@code offset}. */
    public static void generation(MemorySegment segment, long offset, int generation) {
        segment.set(SHORT, offset + GENERATION, (short) generation);
    }

    /** Writes a header for a record of {@code typeId} at {@code version}, of generation 0. */
    public static void write(MemorySegment segment, long offset, int typeId, int version) {
        write(segment, offset, typeId, version, 0);
    }

    /** Writes a header for a record of {@code typeId} at {@code version} and {@code generation}. */
    public static void write(MemorySegment segment, long offset, int typeId, int version, int generation) {
        segment.set(INT, offset + TYPE_ID, typeId);
        segment.set(SHORT, offset + VERSION, (short) version);
        segment.set(SHORT, offset + GENERATION, (short) generation);
    }
}
