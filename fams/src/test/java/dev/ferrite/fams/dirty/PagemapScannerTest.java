package dev.ferrite.fams.dirty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both ways of scanning the pagemap (the PAGEMAP_SCAN ioctl where the kernel has it, and reading
 * 8 bytes per page) find exactly the written pages of a private file mapping.
 */
class PagemapScannerTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void findsWrittenPagesOnlyAndForgetsThemAfterMadvise() throws IOException {
        long size = 1L << 30;
        long[] written = {0, 5, 6, 7, 100, 511, 512, 4095, 100_000, size / PAGE - 1};
        String[] why = new String[1];
        try (PagemapScanner scanner = PagemapScanner.open(why);
             Arena arena = Arena.ofShared();
             FileChannel ch = FileChannel.open(dir.resolve("m.dat"), StandardOpenOption.CREATE,
                     StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertNotNull(scanner, why[0]);
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), size - 1);
            MemorySegment m = ch.map(FileChannel.MapMode.PRIVATE, 0, size, arena);
            for (long p : written) {
                m.set(ValueLayout.JAVA_BYTE, p * PAGE + 17, (byte) 1);
            }
            for (long p : new long[] {1, 50, 101, 200_000}) {
                m.get(ValueLayout.JAVA_BYTE, p * PAGE); // read faults map file pages, which are not written
            }
            assertArrayEquals(written, scanner.writtenPagesByReading(m));
            assertArrayEquals(written, scanner.writtenPages(m), "ioctl scan (used: " + scanner.usesScanIoctl() + ")");

            Madvise.dontNeed(m, 0, size);
            assertArrayEquals(new long[0], scanner.writtenPages(m));
            long[] many = LongStream.range(0, 3000).map(i -> i * 3).toArray(); // more regions than one ioctl returns
            for (long p : many) {
                m.set(ValueLayout.JAVA_BYTE, p * PAGE, (byte) 2);
            }
            assertArrayEquals(many, scanner.writtenPagesByReading(m));
            assertArrayEquals(many, scanner.writtenPages(m));

            if (kernelAtLeast(6, 13)) {
                assertTrue(Madvise.batches(), "process_madvise takes MADV_DONTNEED for the calling process since"
                        + " Linux 6.13; this is " + System.getProperty("os.version"));
            }
            // Dropped as ranges, more of them than one process_madvise call takes; page 3 stays written.
            long[] dropped = LongStream.of(many).filter(p -> p != 3).toArray();
            long[] offsets = LongStream.of(dropped).map(p -> p * PAGE).toArray();
            long[] lengths = LongStream.of(dropped).map(p -> PAGE).toArray();
            Madvise.dontNeed(m, offsets, lengths, dropped.length);
            assertArrayEquals(new long[] {3}, scanner.writtenPages(m));
            assertEquals(0, m.get(ValueLayout.JAVA_BYTE, 6L * PAGE), "a dropped page reads the file again");
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(System.getProperty("os.version"));
        if (!m.lookingAt()) {
            return false;
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        return a > major || (a == major && b >= minor);
    }
}
