package dev.ferrite.runtime.heap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The bytes of a heap and the record of which of them were written: a FAMS mapping in a heap,
 * plain memory in tests. Everything that writes {@link #segment()} reports the range through
 * {@link #markDirty}, so that a commit finds every changed page.
 */
public interface Memory {

    /** The heap's bytes, mapped once for the life of the heap. */
    MemorySegment segment();

    /** Records that {@code length} bytes at {@code offset} were written. */
    void markDirty(long offset, long length);

    /**
     * The parts of {@code [from, to)} that may hold non-zero bytes, as {@code {start, end}} pairs
     * in order: all of it, unless the memory knows ranges that are certainly zeros (the holes of a
     * sparse file). Lets the allocator skip what a file claims but does not store.
     */
    default List<long[]> dataRanges(long from, long to) {
        return List.of(new long[] {from, to});
    }

    /** Copies {@code bytes} to {@code offset} and marks them dirty. */
    default void write(long offset, byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment(), ValueLayout.JAVA_BYTE, offset, bytes.length);
        markDirty(offset, bytes.length);
    }

    /** Zeroes {@code length} bytes at {@code offset} and marks them dirty. */
    default void zero(long offset, long length) {
        segment().asSlice(offset, length).fill((byte) 0);
        markDirty(offset, length);
    }
}
