package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pagemap as an oracle: in {@link DirtyTracking#CHECKED} mode a page written but not marked
 * makes commit() fail and commit nothing; committed and rolled-back pages are clean again.
 */
class PagemapOracleTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private static FamsOptions checked() {
        return FamsOptions.builder().size(64 * PAGE).dirtyTracking(DirtyTracking.CHECKED).build();
    }

    private static long fileLong(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    @Test
    void anUnmarkedWriteFailsTheCommitAndCommitsNothing() throws IOException {
        Path file = dir.resolve("o.dat");
        try (FamsFile f = FamsFile.open(file, checked())) {
            MemorySegment m = f.segment();
            m.set(ValueLayout.JAVA_LONG, 2 * PAGE, 22);
            f.markDirty(2 * PAGE, 8);
            m.set(ValueLayout.JAVA_BYTE, 7 * PAGE + 4095, (byte) 7); // the last byte of page 7, not marked
            long readOnly = m.get(ValueLayout.JAVA_LONG, 9 * PAGE);   // reading never counts as writing
            assertEquals(0, readOnly);
            FamsUnmarkedWriteException e = assertThrows(FamsUnmarkedWriteException.class, f::commit);
            assertEquals(List.of(7L * PAGE), e.pageOffsets());
            assertTrue(e.getMessage().contains("0x7000"), e.getMessage());
            assertEquals(0, f.commitNumber());
            assertEquals(0, fileLong(file, 2 * PAGE), "the failed check must commit nothing");

            f.markDirty(7 * PAGE + 4095, 1);
            assertEquals(1, f.commit());
            assertEquals(22, fileLong(file, 2 * PAGE));

            // Committed pages are file pages again: writing only marked pages passes the oracle.
            m.set(ValueLayout.JAVA_LONG, 2 * PAGE, 23);
            f.markDirty(2 * PAGE, 8);
            assertEquals(2, f.commit());

            // Rolled-back pages are clean too.
            m.set(ValueLayout.JAVA_LONG, 30 * PAGE, 30);
            f.rollback();
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, 30 * PAGE));
            assertEquals(3, f.commit());
        }
    }

    @Test
    void pagemapModeCommitsWritesNobodyMarked() {
        Path file = dir.resolve("p.dat");
        FamsOptions pagemap = FamsOptions.builder().size(64 * PAGE).dirtyTracking(DirtyTracking.PAGEMAP).build();
        try (FamsFile f = FamsFile.open(file, pagemap)) {
            assertEquals(DirtyTracking.PAGEMAP, f.dirtyTracking());
            f.segment().set(ValueLayout.JAVA_INT, 40 * PAGE + 100, 4040);
            f.commit();
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(4040, f.segment().get(ValueLayout.JAVA_INT, 40 * PAGE + 100));
        }
    }

    @Test
    void openingAHugeSparseFileFaultsInNoPage() throws IOException {
        Path file = dir.resolve("huge.dat");
        long size = 64L << 30;
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(size).dirtyTracking(DirtyTracking.EXPLICIT).build())) {
            for (long off = 0; off < (10L << 20); off += PAGE) {
                f.segment().set(ValueLayout.JAVA_LONG, off, off + 1);
                f.markDirty(off, 8);
            }
            f.commit();
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(size).build())) {
            assertEquals(0, residentPages(f.segment().asSlice(0, 64L << 20)), "open must not read data pages");
            assertEquals((5L << 20) + 1, f.segment().get(ValueLayout.JAVA_LONG, 5L << 20));
            long resident = residentPages(f.segment().asSlice(0, 64L << 20));
            // One read maps the page and at most the kernel's fault-around window (64 KiB) of cached neighbours.
            assertTrue(resident >= 1 && resident <= 16, resident + " pages resident after reading one");
        }
    }

    /** Pages of {@code s} currently mapped into this process, from /proc/self/pagemap bit 63. */
    private static long residentPages(MemorySegment s) throws IOException {
        try (FileChannel pagemap = FileChannel.open(Path.of("/proc/self/pagemap"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) (s.byteSize() / PAGE * 8)).order(ByteOrder.nativeOrder());
            long at = s.address() / PAGE * 8;
            while (b.hasRemaining()) {
                at += pagemap.read(b, at);
            }
            long present = 0;
            for (int i = 0; i < b.capacity(); i += 8) {
                present += b.getLong(i) >>> 63;
            }
            return present;
        }
    }
}
