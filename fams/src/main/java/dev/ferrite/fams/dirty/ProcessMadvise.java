package dev.ferrite.fams.dirty;

import dev.ferrite.fams.natives.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code process_madvise(2)} on this process: {@code MADV_DONTNEED} for up to 1,024 ranges in one
 * system call, where a commit of scattered pages would otherwise make one {@code madvise} call per
 * page. Linux accepts {@code MADV_DONTNEED} through it for the calling process since 6.13; on
 * older kernels, or without glibc 2.36's wrappers, {@link #open()} returns null and callers use
 * {@code madvise}.
 */
final class ProcessMadvise {
    /** {@code UIO_MAXIOV}: the most ranges one call takes. */
    static final int MAX_RANGES = 1024;
    private static final int MADV_DONTNEED = 4;
    private static final long IOVEC = 16;

    private final MethodHandle processMadvise;
    private final int pidfd;

    private ProcessMadvise(MethodHandle processMadvise, int pidfd) {
        this.processMadvise = processMadvise;
        this.pidfd = pidfd;
    }

    /**
     * A handle for this process, or null if the kernel or C library cannot drop pages this way;
     * the pidfd it holds stays open for the life of the JVM.
     */
    static ProcessMadvise open() {
        MethodHandle[] calls = Libc.link(() -> new MethodHandle[] {
            Libc.function("pidfd_open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT)),
            Libc.function("process_madvise", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))
        });
        if (calls == null) {
            return null;
        }
        try {
            int pidfd = (int) calls[0].invokeExact((int) ProcessHandle.current().pid(), 0);
            if (pidfd < 0) {
                return null;
            }
            ProcessMadvise p = new ProcessMadvise(calls[1], pidfd);
            // Probe with an empty range list: kernels that refuse the advice say so with EINVAL.
            return p.call(MemorySegment.NULL, 0) == 0 ? p : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Drops {@code count} ranges of {@code mapping}, from index {@code from} of the arrays: range
     * i starts at byte {@code offsets[i]} and is {@code lengths[i]} bytes, page-aligned, at most
     * {@link #MAX_RANGES} ranges.
     *
     * @return whether the kernel took every range; if not, callers redo the ranges with madvise,
     *     which is harmless for ranges already dropped
     * @throws IndexOutOfBoundsException if a range is not inside {@code mapping}
     */
    boolean dontNeed(MemorySegment mapping, long[] offsets, long[] lengths, int from, int count) {
        long total = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = arena.allocate(IOVEC * count, 8);
            for (int i = 0; i < count; i++) {
                MemorySegment range = mapping.asSlice(offsets[from + i], lengths[from + i]);
                iov.set(ValueLayout.JAVA_LONG, i * IOVEC, range.address());
                iov.set(ValueLayout.JAVA_LONG, i * IOVEC + 8, range.byteSize());
                total += range.byteSize();
            }
            return call(iov, count) == total;
        }
    }

    private long call(MemorySegment iov, int count) {
        try {
            return (long) processMadvise.invokeExact(pidfd, iov, (long) count, MADV_DONTNEED, 0);
        } catch (Throwable t) {
            return -1;
        }
    }
}
