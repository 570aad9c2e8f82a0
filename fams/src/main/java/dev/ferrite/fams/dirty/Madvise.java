package dev.ferrite.fams.dirty;

import dev.ferrite.fams.natives.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code madvise(MADV_DONTNEED)} on a private file mapping: drops the process's private copies of
 * the pages, so they read the file again. After a commit this turns committed pages back into
 * clean file pages (and frees their anonymous memory); for a rollback it discards the writes.
 */
public final class Madvise {
    private static final int MADV_DONTNEED = 4;
    private static final MethodHandle MADVISE = Libc.link(() -> Libc.function("madvise", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)));
    private static final ProcessMadvise BATCHED = MADVISE == null ? null : ProcessMadvise.open();

    private Madvise() {}

    /** Whether several ranges go to the kernel in one call ({@code process_madvise}, Linux 6.13 and later). */
    public static boolean batches() {
        return BATCHED != null;
    }

    /** Whether madvise can be called here (Linux). */
    public static boolean available() {
        return MADVISE != null;
    }

    /**
     * Drops the private copies of {@code length} bytes at page-aligned {@code offset} of {@code mapping}.
     *
     * @throws IllegalStateException if madvise fails or is unavailable
     */
    public static void dontNeed(MemorySegment mapping, long offset, long length) {
        if (MADVISE == null) {
            throw new IllegalStateException("madvise is not available on " + System.getProperty("os.name"));
        }
        if (length == 0) {
            return;
        }
        MemorySegment range = mapping.asSlice(offset, length);
        int rc;
        try {
            rc = (int) MADVISE.invokeExact(range, length, MADV_DONTNEED);
        } catch (Throwable t) {
            throw new IllegalStateException("madvise failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("madvise(MADV_DONTNEED) failed for " + length + " bytes at offset " + offset);
        }
    }

    /**
     * Drops the private copies of {@code count} page-aligned ranges of {@code mapping}: range i is
     * {@code lengths[i]} bytes at {@code offsets[i]}. Where the kernel allows, in one system call
     * per 1,024 ranges.
     *
     * @throws IllegalStateException if madvise fails or is unavailable
     */
    public static void dontNeed(MemorySegment mapping, long[] offsets, long[] lengths, int count) {
        for (int from = 0; from < count; from += ProcessMadvise.MAX_RANGES) {
            int n = Math.min(ProcessMadvise.MAX_RANGES, count - from);
            if (BATCHED != null && BATCHED.dontNeed(mapping, offsets, lengths, from, n)) {
                continue;
            }
            for (int i = from; i < from + n; i++) {
                dontNeed(mapping, offsets[i], lengths[i]);
            }
        }
    }
}
