package dev.ferrite.runtime.format;

/**
 * The stored form of a reference to a struct record: the record's offset in the low 48 bits and
 * its generation (see {@link RecordHeader#GENERATION}) in the high 16 bits.
 *
 * <p>Following a reference checks that the record there still has the reference's generation, so
 * a reference that outlived its record is caught even after the block was given to a new record
 * of the same type. References written before generations existed carry generation 0, which is
 * also what every record written before then holds: they keep matching. A map's owned struct
 * values are stored in this form too.
 */
public final class Reference {
    /** Bits of the offset: heaps are smaller than 2^48 bytes. */
    public static final int OFFSET_BITS = 48;
    /** Selects the offset of a stored reference. */
    public static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    private Reference() {}

    /** The stored form of a reference to the record at {@code offset} with {@code generation}. */
    public static long of(long offset, int generation) {
        return (long) generation << OFFSET_BITS | offset;
    }

    /** The offset of the record a stored reference points at. */
    public static long offset(long reference) {
        return reference & OFFSET_MASK;
    }

    /** The generation a stored reference expects to find in the record's header. */
    public static int generation(long reference) {
        return (int) (reference >>> OFFSET_BITS);
    }
}
