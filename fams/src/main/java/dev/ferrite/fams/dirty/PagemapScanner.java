package dev.ferrite.fams.dirty;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Finds the pages of a private file mapping that this process has written, through
 * {@code /proc/self/pagemap}: 8 bytes per virtual page, bit 63 "present", bit 62 "swapped", bit 61
 * "file page or shared anonymous". A written page of a {@code MAP_PRIVATE} file mapping becomes
 * an anonymous copy: present with bit 61 clear, or swapped out. Pages read but not written stay
 * file pages; pages never touched are not present.
 */
public final class PagemapScanner implements AutoCloseable {
    private static final Path PAGEMAP = Path.of("/proc/self/pagemap");
    private static final long PRESENT = 1L << 63;
    private static final long SWAPPED = 1L << 62;
    private static final long FILE_PAGE = 1L << 61;
    private static final int PAGE = 4096;
    private static final int CHUNK_ENTRIES = 8192;

    private final FileChannel pagemap;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_ENTRIES * 8).order(ByteOrder.nativeOrder());
    private volatile PagemapScanIoctl ioctl;

    private PagemapScanner(FileChannel pagemap) {
        this.pagemap = pagemap;
    }

    /**
     * Opens the pagemap and checks that it reports a page this process wrote; returns null with the
     * reason in {@code why[0]} where it cannot be used.
     */
    public static PagemapScanner open(String[] why) {
        FileChannel channel;
        try {
            channel = FileChannel.open(PAGEMAP, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            why[0] = PAGEMAP + " cannot be opened: " + e;
            return null;
        }
        PagemapScanner s = new PagemapScanner(channel);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment probe = arena.allocate(2L * PAGE, PAGE);
            probe.set(ValueLayout.JAVA_LONG, 0, 1);
            if (!s.isWritten(probe.address())) {
                why[0] = PAGEMAP + " does not report written pages on this system";
                s.close();
                return null;
            }
            s.ioctl = PagemapScanIoctl.open();
            if (s.ioctl != null && !Arrays.equals(s.ioctl.writtenPages(probe), s.writtenPagesByReading(probe))) {
                s.ioctl.close();
                s.ioctl = null;
            }
        } catch (IOException e) {
            why[0] = PAGEMAP + " cannot be read: " + e;
            s.close();
            return null;
        }
        return s;
    }

    /**
     * Pages (indices relative to the start of {@code mapping}, ascending) written since they were
     * last file-backed. Uses the {@code PAGEMAP_SCAN} ioctl where the kernel has it, else reads
     * the pagemap entry of every page.
     */
    public long[] writtenPages(MemorySegment mapping) throws IOException {
        PagemapScanIoctl scan = ioctl;
        if (scan != null) {
            long[] pages = scan.writtenPages(mapping);
            if (pages != null) {
                return pages;
            }
        }
        return writtenPagesByReading(mapping);
    }

    /** Whether scans use the {@code PAGEMAP_SCAN} ioctl. */
    public boolean usesScanIoctl() {
        return ioctl != null;
    }

    /** {@link #writtenPages} by reading 8 bytes of pagemap per page. */
    public synchronized long[] writtenPagesByReading(MemorySegment mapping) throws IOException {
        long base = mapping.address();
        if (base % PAGE != 0) {
            throw new IllegalArgumentException("mapping is not page-aligned: 0x" + Long.toHexString(base));
        }
        long pages = (mapping.byteSize() + PAGE - 1) / PAGE;
        long[] out = new long[16];
        int n = 0;
        for (long first = 0; first < pages; first += CHUNK_ENTRIES) {
            int count = (int) Math.min(CHUNK_ENTRIES, pages - first);
            read(base / PAGE + first, count);
            for (int i = 0; i < count; i++) {
                long e = buffer.getLong(i * 8);
                if (written(e)) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = first + i;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    private boolean isWritten(long address) throws IOException {
        read(address / PAGE, 1);
        return written(buffer.getLong(0));
    }

    private static boolean written(long entry) {
        return (entry & PRESENT) != 0 ? (entry & FILE_PAGE) == 0 : (entry & SWAPPED) != 0;
    }

    private void read(long firstPage, int count) throws IOException {
        buffer.clear().limit(count * 8);
        long position = firstPage * 8;
        while (buffer.hasRemaining()) {
            int r = pagemap.read(buffer, position + buffer.position());
            if (r <= 0) {
                throw new IOException("short read from " + PAGEMAP + " at entry " + firstPage);
            }
        }
    }

    @Override
    public void close() {
        PagemapScanIoctl scan = ioctl;
        if (scan != null) {
            scan.close();
        }
        try {
            pagemap.close();
        } catch (IOException ignored) {
            // Closing a read-only proc file cannot lose anything.
        }
    }
}
