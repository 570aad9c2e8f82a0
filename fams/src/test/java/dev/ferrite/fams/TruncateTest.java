package dev.ferrite.fams;

import static dev.ferrite.fams.ResizedFiles.LARGE;
import static dev.ferrite.fams.ResizedFiles.READ_ONLY;
import static dev.ferrite.fams.ResizedFiles.SMALL;
import static dev.ferrite.fams.ResizedFiles.get;
import static dev.ferrite.fams.ResizedFiles.options;
import static dev.ferrite.fams.ResizedFiles.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FamsFile#truncate}: the file is cut and keeps its last commit below the cut, in both
 * commit modes; it grows again past the cut with zeros; a read-only open (here in the same
 * process, whose lock conflicts as another process's would) keeps it from being cut until it
 * closes; retained versions and uncommitted writes keep it too. Crash states of a truncation are
 * covered by the power-loss simulator (PowerLossTest, RedoPowerLossTest).
 */
class TruncateTest {
    @TempDir
    Path dir;

    private static long diskBytes(Path file) {
        return FamsDiskSpace.of(file).fileDisk();
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void theFileIsCutKeepsItsCommitBelowTheCutAndGrowsAgainWithZeros(CommitMode mode) throws IOException {
        Path file = dir.resolve("f");
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            f.grow(LARGE);
            for (long at = 0; at < LARGE; at += 4096) {
                put(f, at, at + 1);
            }
            f.commit();
            f.checkpoint();
            long diskBefore = diskBytes(file);
            assertTrue(f.truncate(SMALL));
            assertEquals(SMALL, f.size());
            assertEquals(SMALL, Files.size(file));
            assertTrue(diskBytes(file) <= diskBefore - (LARGE - SMALL) / 2, diskBefore + " -> " + diskBytes(file));
            assertEquals(SMALL - 4096 + 1, get(f, SMALL - 4096));
            assertThrows(IndexOutOfBoundsException.class, () -> f.markDirty(SMALL, 8));
            f.grow(LARGE);
            assertEquals(0, get(f, SMALL), "grown again: zeros past the cut");
            assertEquals(0, get(f, LARGE - 4096));
            put(f, LARGE - 8, 7);
            f.commit();
        }
        try (FamsFile f = FamsFile.open(file, READ_ONLY)) {
            assertEquals(LARGE, f.size());
            assertEquals(1, get(f, 0));
            assertEquals(SMALL - 4096 + 1, get(f, SMALL - 4096));
            assertEquals(0, get(f, SMALL));
            assertEquals(7, get(f, LARGE - 8));
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aFileOfPartOfAPageIsCut(CommitMode mode) throws IOException {
        Path file = dir.resolve("part");
        long size = 3 * 4096 + 104;
        try (FamsFile f = FamsFile.open(file, ResizedFiles.builder().size(size).commitMode(mode).build())) {
            put(f, 4096 - 8, 5);
            put(f, size - 8, 6);
            f.commit();
            assertTrue(f.truncate(4096), "a file whose last page is a part of one is cut like any other");
            assertEquals(4096, f.size());
            assertEquals(4096, Files.size(file));
            assertEquals(5, get(f, 4096 - 8));
            f.grow(size);
            assertEquals(0, get(f, size - 8), "grown again: zeros past the cut");
        }
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            assertEquals(5, get(f, 4096 - 8));
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aReadOnlyOpenKeepsTheFileUncutUntilItCloses(CommitMode mode) throws IOException {
        Path file = dir.resolve("f");
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            f.grow(LARGE);
            put(f, LARGE - 8, 5);
            f.commit();
            f.checkpoint();
            try (FamsFile reader = FamsFile.open(file, READ_ONLY)) {
                assertFalse(f.truncate(SMALL), "cut under a reader's mapping");
                assertEquals(LARGE, Files.size(file));
                assertEquals(LARGE, f.size());
                // The reader's page past the cut is still there to read.
                assertEquals(5, get(reader, LARGE - 8));
            }
            assertTrue(f.truncate(SMALL));
            assertEquals(SMALL, Files.size(file));
        }
    }

    @Test
    void retainedVersionsAndUncommittedWritesKeepTheFileUncut() throws IOException {
        Path file = dir.resolve("f");
        FamsOptions retaining = ResizedFiles.builder().retainVersions(2).build();
        try (FamsFile f = FamsFile.open(file, retaining)) {
            f.grow(LARGE);
            put(f, LARGE - 8, 5);
            f.commit();
            put(f, 0, 1);
            f.commit();
            assertFalse(f.truncate(SMALL), "a rollback to a retained commit needs the bytes past the cut");
            assertEquals(LARGE, Files.size(file));
            put(f, 8, 2);
            var dirty = assertThrows(IllegalStateException.class, () -> f.truncate(SMALL));
            assertTrue(dirty.getMessage().contains("written since the last commit"), dirty.getMessage());
            var unaligned = assertThrows(IllegalArgumentException.class, () -> f.truncate(SMALL + 1));
            assertTrue(unaligned.getMessage().contains("whole number"), unaligned.getMessage());
        }
    }
}
