package dev.ferrite.fams.dirty;

import dev.ferrite.fams.natives.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * The {@code PAGEMAP_SCAN} ioctl of {@code /proc/self/pagemap} (Linux 6.7+): the kernel walks the
 * page tables and returns only the ranges of matching pages, skipping unpopulated regions a
 * directory at a time, where reading the pagemap costs 8 bytes per page of the mapping. Asks for
 * pages that are not file pages and are present or swapped: the private copies of written pages.
 */
final class PagemapScanIoctl implements AutoCloseable {
    private static final long PAGE_IS_FILE = 1 << 2;
    private static final long PAGE_IS_PRESENT = 1 << 3;
    private static final long PAGE_IS_SWAPPED = 1 << 4;
    private static final long ARG_SIZE = 96;
    private static final long REGION_SIZE = 24;
    private static final int REGIONS = 1024;
    /** _IOWR('f', 16, struct pm_scan_arg): direction 3, size 96, type 'f', number 16. */
    private static final long PAGEMAP_SCAN = (3L << 30) | (ARG_SIZE << 16) | ('f' << 8) | 16;
    private static final int O_RDONLY = 0;
    private static final int PAGE = 4096;

    /** Linked only where madvise is: without it, the pages the scan finds could not be dropped. */
    private static final Natives NATIVES = Madvise.available() ? Libc.link(() -> new Natives(
            Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
            Libc.function("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2)))) : null;

    private record Natives(MethodHandle open, MethodHandle ioctl) {}

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment arg = arena.allocate(ARG_SIZE, 8);
    private final MemorySegment regions = arena.allocate(REGION_SIZE * REGIONS, 8);

    private PagemapScanIoctl(int fd) {
        this.fd = fd;
    }

    /** Opens the pagemap for the ioctl, or returns null where it cannot be called. */
    static PagemapScanIoctl open() {
        if (NATIVES == null) {
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) NATIVES.open().invokeExact(a.allocateFrom("/proc/self/pagemap"), O_RDONLY);
            return fd < 0 ? null : new PagemapScanIoctl(fd);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Written pages of {@code mapping}, relative to its start, ascending; null if the kernel
     * refuses the ioctl (older than 6.7).
     */
    synchronized long[] writtenPages(MemorySegment mapping) {
        long base = mapping.address();
        long end = base + (mapping.byteSize() + PAGE - 1) / PAGE * PAGE;
        long[] out = new long[16];
        int n = 0;
        long start = base;
        while (start < end) {
            arg.fill((byte) 0);
            arg.set(ValueLayout.JAVA_LONG, 0, ARG_SIZE);
            arg.set(ValueLayout.JAVA_LONG, 16, start);
            arg.set(ValueLayout.JAVA_LONG, 24, end);
            arg.set(ValueLayout.JAVA_LONG, 40, regions.address());
            arg.set(ValueLayout.JAVA_LONG, 48, REGIONS);
            arg.set(ValueLayout.JAVA_LONG, 64, PAGE_IS_FILE);                     // category_inverted
            arg.set(ValueLayout.JAVA_LONG, 72, PAGE_IS_FILE);                     // category_mask: not a file page
            arg.set(ValueLayout.JAVA_LONG, 80, PAGE_IS_PRESENT | PAGE_IS_SWAPPED); // anyof: present or swapped
            arg.set(ValueLayout.JAVA_LONG, 88, PAGE_IS_PRESENT | PAGE_IS_SWAPPED); // return_mask
            int found;
            try {
                found = (int) NATIVES.ioctl().invokeExact(fd, PAGEMAP_SCAN, arg);
            } catch (Throwable t) {
                return null;
            }
            if (found < 0) {
                return null;
            }
            long regionsEnd = start;
            for (int i = 0; i < found; i++) {
                long from = regions.get(ValueLayout.JAVA_LONG, i * REGION_SIZE);
                long to = regions.get(ValueLayout.JAVA_LONG, i * REGION_SIZE + 8);
                // When the vector fills up, walk_end can lie before the end of the last region
                // returned, so the next call reports some pages again: never count a page twice.
                for (long p = (Math.max(from, start) - base) / PAGE; p < (to - base) / PAGE; p++) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = p;
                }
                regionsEnd = Math.max(regionsEnd, to);
            }
            long next = Math.max(arg.get(ValueLayout.JAVA_LONG, 32), regionsEnd);
            if (next <= start) {
                return null; // no progress: do not trust this kernel's answer
            }
            start = next;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public synchronized void close() {
        // Closing a read-only proc file descriptor cannot lose anything: its result is not checked.
        int ignored = Libc.close(fd);
        arena.close();
    }
}
