package dev.ferrite.bench.accessors;

import dev.ferrite.runtime.struct.FreeCounter;
import dev.ferrite.runtime.struct.StructStore;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;

/**
 * A store that tracks dirty 4 KiB pages in a bitmap, as FAMS does with explicit marking. The
 * generated and the hand-written variants report their writes to the same kind of store, so
 * the benchmark compares accessor code, not trackers.
 */
final class PageBitmapStore implements StructStore {
    private static final int PAGE_SHIFT = 12;

    private final MemorySegment segment;
    private final long[] dirty;
    private final FreeCounter frees;

    /**
     * A store over {@code segment}; with {@code countsFrees} it counts frees as a heap does (and
     * frees nothing), else its flyweights read their record's header on every access, as a
     * heap's do once a record was freed after they were pointed at theirs.
     */
    PageBitmapStore(MemorySegment segment, boolean countsFrees) {
        this.segment = segment;
        this.dirty = new long[(int) ((segment.byteSize() >>> PAGE_SHIFT) / 64 + 1)];
        this.frees = countsFrees ? FreeCounter.create() : FreeCounter.uncounted();
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public FreeCounter frees() {
        return frees;
    }

    @Override
    public void markDirty(long offset, long length) {
        long first = offset >>> PAGE_SHIFT;
        long last = (offset + length - 1) >>> PAGE_SHIFT;
        for (long page = first; page <= last; page++) {
            dirty[(int) (page >>> 6)] |= 1L << page;
        }
    }

    long dirtyPages() {
        long count = 0;
        for (long word : dirty) {
            count += Long.bitCount(word);
        }
        return count;
    }

    @Override
    public long referenceTo(Object struct, StructType<?> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String readString(long reference) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long replaceString(long oldReference, String value) {
        throw new UnsupportedOperationException();
    }
}
