package dev.ferrite.fams;

import static dev.ferrite.fams.ResizedFiles.LARGE;
import static dev.ferrite.fams.ResizedFiles.READ_ONLY;
import static dev.ferrite.fams.ResizedFiles.SMALL;
import static dev.ferrite.fams.ResizedFiles.get;
import static dev.ferrite.fams.ResizedFiles.options;
import static dev.ferrite.fams.ResizedFiles.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FamsFile#grow}: a file mapped in a reserved address range grows in place, the growth is
 * committed with the next commit, survives a rollback of the writes beside it, and is cut back
 * when the process stops before committing it.
 */
class GrowTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void growsInPlaceAndCommitsTheGrowth(CommitMode mode) throws IOException {
        Path file = dir.resolve("f");
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            MemorySegment before = f.segment();
            assertEquals(64L << 20, before.byteSize(), "the segment spans the reservation");
            assertEquals(SMALL, f.size());
            put(f, 8, 1);
            f.commit();
            f.grow(LARGE);
            assertEquals(LARGE, f.size());
            assertEquals(before.address(), f.segment().address(), "growing moves nothing");
            put(f, LARGE - 8, 2);
            f.commit();
            assertThrows(IndexOutOfBoundsException.class, () -> f.markDirty(LARGE, 8));
            var beyond = assertThrows(FamsException.class, () -> f.grow(128L << 20));
            assertTrue(beyond.getMessage().contains("address space are reserved"), beyond.getMessage());
        }
        assertEquals(LARGE, Files.size(file));
        try (FamsFile f = FamsFile.open(file, READ_ONLY)) {
            assertEquals(1, get(f, 8));
            assertEquals(2, get(f, LARGE - 8));
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aRollbackKeepsTheGrowthForTheNextCommitButDropsTheWrites(CommitMode mode) throws IOException {
        Path file = dir.resolve("f");
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            f.grow(LARGE);
            put(f, LARGE - 8, 3);
            f.rollback();
            assertEquals(LARGE, f.size());
            assertEquals(0, get(f, LARGE - 8), "the write is gone, the page reads zeros");
            put(f, 16, 4);
            f.commit();
        }
        assertEquals(LARGE, Files.size(file));
        try (FamsFile f = FamsFile.open(file, READ_ONLY)) {
            assertEquals(LARGE, f.size());
            assertEquals(4, get(f, 16));
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aGrowthNeverCommittedIsCutBackAtTheNextOpen(CommitMode mode) throws IOException {
        Path file = dir.resolve("f");
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            put(f, 8, 5);
            f.commit();
            f.grow(LARGE);
            put(f, LARGE - 8, 6);
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().commitMode(mode).build())) {
            assertEquals(SMALL, f.size(), "the uncommitted growth is gone");
            assertEquals(5, get(f, 8));
        }
        assertEquals(SMALL, Files.size(file));
    }
}
