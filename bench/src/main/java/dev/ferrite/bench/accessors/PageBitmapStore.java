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
        if (length <= 0) {
            return;
        }
        long first = offset >>> PAGE_SHIFT;
        long last = (offset + length - 1) >>> PAGE_SHIFT;
        // The first page is marked before the loop because a setter's range almost always lies in
        // one page (a naturally aligned field of up to 8 bytes never crosses one), so the loop,
        // which C2 compiles as a long counted loop with its own safepoint poll, does not run.
        // With every page marked in the loop, each inlined mark cost about 2.5 ns, and a record's
        // four marks next to a flyweight's state cost 2 ns more than the same four in a plain loop.
        dirty[(int) (first >>> 6)] |= 1L << first;
        for (long page = first + 1; page <= last; page++) {
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
