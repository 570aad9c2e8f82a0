package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FamsFile#rollbackTo} with retained versions of files whose size is no whole number of pages. */
class RetainedVersionsTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private static FamsOptions retaining(long size) {
        return FamsOptions.builder().size(size).reserve(8 * PAGE).retainVersions(2)
                .dirtyTracking(DirtyTracking.EXPLICIT).build();
    }

    private static void write(FamsFile f, long offset, byte[] bytes) {
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, f.segment(), offset, bytes.length);
        f.markDirty(offset, bytes.length);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] bytes(FamsFile f) {
        return f.segment().asSlice(0, f.size()).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void aRollbackToTheCurrentCommitDropsUncommittedGrowth() {
        Path path = dir.resolve("f.dat");
        byte[] committed;
        try (FamsFile f = FamsFile.open(path, retaining(5000))) {
            write(f, 100, filled(50, 1));
            assertEquals(1, f.commit());
            committed = bytes(f);
            f.grow(9000);
            f.rollbackTo(1);
            assertEquals(5000, f.size());
            assertEquals(2, f.commit());
        }
        try (FamsFile r = FamsFile.open(path, FamsOptions.builder().readOnly(true).build())) {
            assertArrayEquals(committed, bytes(r));
        }
    }

    @Test
    void aRollbackUndoesACommitThatGrewAPartialLastPage() {
        Path path = dir.resolve("f.dat");
        try (FamsFile f = FamsFile.open(path, retaining(5000))) {
            write(f, 4100, filled(50, 1));
            assertEquals(1, f.commit());
            byte[] first = bytes(f);
            f.grow(7000);
            write(f, 4500, filled(2000, 2));
            assertEquals(2, f.commit());
            assertEquals(List.of(0L, 1L, 2L), f.versions());
            f.rollbackTo(1);
            assertArrayEquals(first, bytes(f));
        }
    }
}
