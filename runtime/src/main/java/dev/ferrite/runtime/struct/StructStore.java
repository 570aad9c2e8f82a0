package dev.ferrite.runtime.struct;

import java.lang.foreign.MemorySegment;

/**
 * The owner of the bytes a flyweight reads and writes.
 *
 * <p>Flyweights call a store for everything that is not a plain read or write of their own
 * bytes: reporting which bytes they wrote, turning references into records and back, and
 * storing variable-length strings. Offsets are relative to the start of {@link #segment()}.
 */
public interface StructStore {

    /** The memory that holds the records; stable for the life of the store. */
    MemorySegment segment();

    /**
     * Records that {@code length} bytes at {@code offset} were written. Every generated setter
     * calls this after writing, so that a commit can find every page that changed.
     */
    void markDirty(long offset, long length);

    /**
     * The counter of this store's frees, the same object for the life of the store: flyweights
     * skip the check of their record's header while it has not moved (see {@link FreeCounter}).
     * By default {@link FreeCounter#uncounted()}: a store must count every free, rollback and move
     * of a record to return another.
     */
    default FreeCounter frees() {
        return FreeCounter.uncounted();
    }

    /**
     * Returns the stored form of a reference to {@code struct}, a record of {@code type} in this
     * store, or {@code 0} for {@code null}: its offset and generation (see {@link
     * dev.ferrite.runtime.format.Reference}).
     *
     * @throws IllegalArgumentException if {@code struct} is not a record of this store or is of
     *     another type
     * @throws IllegalStateException if a heap's record was freed since the flyweight was pointed at it
     */
    long referenceTo(Object struct, StructType<?> type);

    /**
     * Returns a flyweight over the record at {@code reference}, or {@code null} for {@code 0}.
     *
     * @throws RuntimeException if no record of {@code type} is at {@code reference}, or it is not
     *     of the reference's generation: a heap
     *     throws {@code IllegalStateException} for a reference that outlived its record and {@code
     *     CorruptHeapException} for one that never was a reference, a bare segment {@code
     *     IllegalStateException}
     */
    <T> T dereference(long reference, StructType<T> type);

    /** Reads the variable-length string stored at {@code reference}; {@code 0} is {@code null}. */
    String readString(long reference);

    /**
     * Stores {@code value} (or nothing, for {@code null}) in place of the string at {@code
     * oldReference}, releasing the old one, and returns the new reference ({@code 0} for {@code
     * null}).
     */
    long replaceString(long oldReference, String value);

    /**
     * What a flyweight throws when reading or writing its record failed with {@code failure}: a
     * store that can tell why (a heap closed since, whose mapping is gone) says so, naming
     * itself; otherwise {@code failure} itself.
     */
    default RuntimeException accessFailure(IllegalStateException failure) {
        return failure;
    }
}
