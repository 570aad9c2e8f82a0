package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FamsFileTest {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path dir;

    private FamsOptions options(DirtyTracking tracking) {
        return FamsOptions.builder().size(SIZE).dirtyTracking(tracking).build();
    }

    private long fileLong(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    @Test
    void commitReachesTheFileAndUncommittedWritesDoNot() throws IOException {
        Path file = dir.resolve("a.dat");
        try (FamsFile f = FamsFile.open(file, options(DirtyTracking.EXPLICIT))) {
            MemorySegment m = f.segment();
            assertEquals(SIZE, m.byteSize());
            m.set(ValueLayout.JAVA_LONG, 8192, 42);
            f.markDirty(8192, 8);
            assertEquals(0, fileLong(file, 8192), "a write before commit must not reach the file");
            assertEquals(1, f.commit());
            assertEquals(42, fileLong(file, 8192));
            m.set(ValueLayout.JAVA_LONG, 8192, 43);
            f.markDirty(8192, 8);
            assertEquals(42, fileLong(file, 8192));
            assertEquals(43, m.get(ValueLayout.JAVA_LONG, 8192));
        }
        try (FamsFile f = FamsFile.open(file, options(DirtyTracking.EXPLICIT))) {
            assertEquals(1, f.commitNumber());
            assertEquals(42, f.segment().get(ValueLayout.JAVA_LONG, 8192), "close must not commit");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** The example of the user-facing contract, as written there. */
    @Test
    void contractExample() {
        Path path = dir.resolve("contract.dat");
        try (FamsFile f = FamsFile.open(path, FamsOptions.builder().size(1 << 30).build())) {
            MemorySegment m = f.segment();
            m.set(ValueLayout.JAVA_LONG, 0, 42);
            f.commit();                                             // failure-atomic msync
        }
        try (FamsFile f = FamsFile.open(path, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(42, f.segment().get(ValueLayout.JAVA_LONG, 0));
            assertEquals(1 << 30, f.segment().byteSize());
            assertEquals(List.of(1L), f.versions());
        }
    }

    @Test
    void pagemapTrackingFindsUnmarkedWrites() {
        Path file = dir.resolve("p.dat");
        try (FamsFile f = FamsFile.open(file, options(DirtyTracking.COMBINED))) {
            f.segment().set(ValueLayout.JAVA_INT, 5 * 4096 + 12, 7);
            f.segment().set(ValueLayout.JAVA_INT, 200 * 4096, 9);
            f.commit();
            // Committed pages are file pages again: the next commit finds nothing to do, and still sees new writes.
            f.segment().set(ValueLayout.JAVA_INT, 5 * 4096 + 16, 8);
            f.commit();
        }
        try (FamsFile f = FamsFile.open(file, options(DirtyTracking.EXPLICIT))) {
            assertEquals(7, f.segment().get(ValueLayout.JAVA_INT, 5 * 4096 + 12));
            assertEquals(8, f.segment().get(ValueLayout.JAVA_INT, 5 * 4096 + 16));
            assertEquals(9, f.segment().get(ValueLayout.JAVA_INT, 200 * 4096));
            assertEquals(2, f.commitNumber());
        }
    }

    @Test
    void rollbackRestoresTheLastCommit() {
        try (FamsFile f = FamsFile.open(dir.resolve("r.dat"), options(DirtyTracking.EXPLICIT))) {
            MemorySegment m = f.segment();
            m.set(ValueLayout.JAVA_LONG, 0, 1);
            f.markDirty(0, 8);
            f.commit();
            m.set(ValueLayout.JAVA_LONG, 0, 2);
            m.set(ValueLayout.JAVA_LONG, 40_000, 3);
            f.markDirty(0, 8);
            f.rollback();
            assertEquals(1, m.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, 40_000), "rollback also discards unmarked writes");
            assertEquals(1, f.commitNumber());
        }
    }

    @Test
    void secondWriterIsRefusedAndReaderSeesLastCommit() {
        Path file = dir.resolve("l.dat");
        try (FamsFile f = FamsFile.open(file, options(DirtyTracking.EXPLICIT))) {
            f.segment().set(ValueLayout.JAVA_LONG, 0, 5);
            f.markDirty(0, 8);
            f.commit();
            f.segment().set(ValueLayout.JAVA_LONG, 0, 6);
            FamsLockedException e = assertThrows(FamsLockedException.class,
                    () -> FamsFile.open(file, options(DirtyTracking.EXPLICIT)));
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
            try (FamsFile r = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
                assertTrue(r.readOnly());
                assertEquals(5, r.segment().get(ValueLayout.JAVA_LONG, 0));
                assertEquals(SIZE, r.segment().byteSize());
                assertThrows(FamsException.class, r::commit);
                assertThrows(IllegalArgumentException.class, () -> r.segment().set(ValueLayout.JAVA_LONG, 0, 1));
            }
        }
        FamsFile.open(file, options(DirtyTracking.EXPLICIT)).close(); // the lock died with the first writer
    }

    @Test
    void growthAndRetainedVersions() {
        Path file = dir.resolve("v.dat");
        FamsOptions small = FamsOptions.builder().size(8192).retainVersions(2).dirtyTracking(DirtyTracking.EXPLICIT).build();
        try (FamsFile f = FamsFile.open(file, small)) {
            for (int i = 1; i <= 4; i++) {
                f.segment().set(ValueLayout.JAVA_INT, 4096, i);
                f.markDirty(4096, 4);
                assertEquals(i, f.commit());
            }
            assertEquals(List.of(2L, 3L, 4L), f.versions());
        }
        FamsOptions big = FamsOptions.builder().size(64 * 4096).retainVersions(2).dirtyTracking(DirtyTracking.EXPLICIT).build();
        try (FamsFile f = FamsFile.open(file, big)) {
            assertEquals(64 * 4096, f.segment().byteSize());
            f.segment().set(ValueLayout.JAVA_INT, 60 * 4096, 99);
            f.markDirty(60 * 4096, 4);
            assertEquals(5, f.commit());
            assertEquals(List.of(3L, 4L, 5L), f.versions());
            f.rollbackTo(3);
            assertEquals(3, f.commitNumber());
            assertEquals(3, f.segment().get(ValueLayout.JAVA_INT, 4096));
            assertEquals(0, f.segment().get(ValueLayout.JAVA_INT, 60 * 4096));
            assertEquals(List.of(3L), f.versions());
            assertThrows(IllegalArgumentException.class, () -> f.rollbackTo(2));
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(8192, f.segment().byteSize(), "rolling back to commit 3 also undid the growth");
            assertEquals(3, f.segment().get(ValueLayout.JAVA_INT, 4096));
        }
    }

    @Test
    void openingReadsNoDataPage() throws IOException {
        Path file = dir.resolve("big.dat");
        long size = 1L << 34;
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(size).dirtyTracking(DirtyTracking.EXPLICIT).build())) {
            f.segment().set(ValueLayout.JAVA_BYTE, size - 1, (byte) 1);
            f.markDirty(size - 1, 1);
            f.commit();
        }
        assertEquals(size, Files.size(file));
        assertTrue(Files.getFileStore(file).getTotalSpace() > 0);
        byte[] zero = new byte[8];
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(size).build())) {
            assertArrayEquals(zero, f.segment().asSlice(size / 2, 8).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(1, f.segment().get(ValueLayout.JAVA_BYTE, size - 1));
        }
    }

    @Test
    void anEmptyFileWithDefaultOptionsOpensCommitsAndRollsBack() {
        Path file = dir.resolve("empty.dat");
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(0, f.segment().byteSize());
            assertEquals(1, f.commit());
            f.rollback();
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(1, f.commitNumber());
            assertEquals(RecoveryReport.Outcome.CLEAN, f.recoveryReport().outcome());
        }
    }

    @Test
    void aFileThatEndsMidPageCommitsItsLastPartialPage() throws IOException {
        Path file = dir.resolve("odd.dat");
        FamsOptions odd = FamsOptions.builder().size(10_000).dirtyTracking(DirtyTracking.EXPLICIT).build();
        try (FamsFile f = FamsFile.open(file, odd)) {
            f.segment().set(ValueLayout.JAVA_LONG, 9_992, 7);
            f.markDirty(9_992, 8);
            f.commit();
            f.segment().set(ValueLayout.JAVA_LONG, 9_992, 8);
            f.segment().set(ValueLayout.JAVA_LONG, 4_096, 9);
            f.markDirty(4_096, 5_904);
            f.commit();
        }
        assertEquals(10_000, Files.size(file));
        assertEquals(8, fileLong(file, 9_992));
        assertEquals(9, fileLong(file, 4_096));
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(12_000).build())) {
            assertEquals(12_000, f.segment().byteSize(), "a larger size grows the file");
            f.segment().set(ValueLayout.JAVA_LONG, 11_992, 10);
            f.commit();
        }
        assertEquals(12_000, Files.size(file));
        assertEquals(8, fileLong(file, 9_992));
        assertEquals(10, fileLong(file, 11_992));
    }

    @Test
    void markDirtyOutsideTheMappingSaysWhere() {
        try (FamsFile f = FamsFile.open(dir.resolve("m.dat"), options(DirtyTracking.EXPLICIT))) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.markDirty(SIZE - 4, 8));
            assertTrue(e.getMessage().contains("offset=" + (SIZE - 4)), e.getMessage());
        }
    }
}
