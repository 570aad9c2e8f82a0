package dev.ferrite.fams;

import java.lang.foreign.ValueLayout;

/**
 * The files {@link GrowTest} and {@link TruncateTest} resize: {@link #SMALL} bytes mapped in a
 * 64 MiB reservation, so that they grow in place to {@link #LARGE} and beyond, and written through
 * explicit marks.
 */
final class ResizedFiles {
    static final long SMALL = 64 << 10;
    static final long LARGE = 1 << 20;
    static final FamsOptions READ_ONLY = FamsOptions.builder().readOnly(true).build();

    private ResizedFiles() {}

    /** The options of such a file, its commit mode and the rest left to set. */
    static FamsOptions.Builder builder() {
        return FamsOptions.builder().size(SMALL).reserve(64L << 20).dirtyTracking(DirtyTracking.EXPLICIT);
    }

    static FamsOptions options(CommitMode mode) {
        return builder().commitMode(mode).build();
    }

    /** Writes {@code value} at {@code offset} and marks it. */
    static void put(FamsFile f, long offset, long value) {
        f.segment().set(ValueLayout.JAVA_LONG, offset, value);
        f.markDirty(offset, 8);
    }

    static long get(FamsFile f, long offset) {
        return f.segment().get(ValueLayout.JAVA_LONG, offset);
    }
}
