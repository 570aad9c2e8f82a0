package dev.ferrite.fams.space;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.FamsDiskSpace;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FamsFile#release} gives released pages' disk blocks back to the file system, measured as
 * {@code st_blocks} by {@code stat}, and only when no recovery can need them: at once in the undo
 * mode (a page the last commit wrote one commit later), after the next checkpoint in the
 * write-ahead mode; a page written again before that keeps its data.
 */
class ReleaseTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 256;
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static FamsOptions options(CommitMode mode) {
        return FamsOptions.builder().size(PAGES * PAGE).dirtyTracking(DirtyTracking.EXPLICIT).commitMode(mode).build();
    }

    /** Disk bytes of {@code file}, by {@code stat -c %b} (512-byte blocks): not the code under test. */
    static long diskBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, stat.waitFor(), out);
        return Long.parseLong(out) * 512;
    }

    private static void fill(FamsFile f, long fromPage, long pages, long seed) {
        for (long p = fromPage; p < fromPage + pages; p++) {
            for (int at = 0; at < PAGE; at += 8) {
                f.segment().set(ValueLayout.JAVA_LONG, p * PAGE + at, seed + p * PAGE + at);
            }
            f.markDirty(p * PAGE, PAGE);
        }
    }

    private static void checkFilled(FamsFile f, long fromPage, long pages, long seed) {
        for (long p = fromPage; p < fromPage + pages; p++) {
            for (int at = 0; at < PAGE; at += 512) {
                assertEquals(seed + p * PAGE + at, f.segment().get(ValueLayout.JAVA_LONG, p * PAGE + at),
                        "page " + p + " offset " + at);
            }
        }
    }

    /** Writes every page, commits and makes sure the data file holds them (checkpoint for redo). */
    private FamsFile filled(Path file, CommitMode mode) {
        FamsFile f = FamsFile.open(file, options(mode));
        fill(f, 0, PAGES, 1);
        f.commit();
        f.checkpoint();
        return f;
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void releasedPagesLeaveTheDiskAndTheRestStays(CommitMode mode) throws Exception {
        Path file = dir.resolve("f.dat");
        try (FamsFile f = filled(file, mode)) {
            f.commit(); // a commit that wrote nothing: no page waits for the armed log header
            long full = diskBytes(file);
            assertTrue(full >= PAGES * PAGE, "all pages on disk: " + full);

            f.release(64 * PAGE, 128 * PAGE);
            if (mode == CommitMode.REDO) {
                assertEquals(full, diskBytes(file), "before the checkpoint the log may still need them");
                f.checkpoint();
            }
            long after = diskBytes(file);
            assertTrue(after <= full - 128 * PAGE, "released 512 KiB: " + full + " -> " + after);
            assertEquals(after, FamsDiskSpace.of(file).fileDisk(), "statx agrees with stat");
            assertEquals(0, f.segment().get(ValueLayout.JAVA_LONG, 100 * PAGE), "a punched page reads as zeros");
            checkFilled(f, 0, 64, 1);
            checkFilled(f, 192, 64, 1);
        }
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            checkFilled(f, 0, 64, 1);
            checkFilled(f, 192, 64, 1);
            assertTrue(diskBytes(file) <= (PAGES - 128) * PAGE + MIB / 4, "closing does not bring them back");
        }
    }

    @Test
    void aPageTheLastUndoCommitWroteIsPunchedOnlyAfterTheNextCommit() throws Exception {
        Path file = dir.resolve("u.dat");
        try (FamsFile f = filled(file, CommitMode.UNDO)) {
            fill(f, 10, 20, 7);
            f.commit();
            long before = diskBytes(file);
            f.release(0, 64 * PAGE);
            long afterRelease = diskBytes(file);
            assertTrue(afterRelease <= before - 44 * PAGE, "the pages the commit did not write go at once");
            assertTrue(afterRelease >= before - 44 * PAGE - MIB / 64,
                    "the 20 pages the last commit wrote stay: its log may still name them");
            f.commit();
            assertTrue(diskBytes(file) <= afterRelease - 20 * PAGE, "gone after the next commit");
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aReleasedPageWrittenAgainKeepsItsData(CommitMode mode) throws Exception {
        Path file = dir.resolve("w.dat");
        try (FamsFile f = filled(file, mode)) {
            f.commit();
            f.release(0, 64 * PAGE);
            fill(f, 32, 8, 99);
            f.commit();
            fill(f, 40, 1, 5);
            f.commit();
            f.checkpoint();
            checkFilled(f, 32, 8, 99);
            checkFilled(f, 40, 1, 5);
        }
        try (FamsFile f = FamsFile.open(file, options(mode))) {
            checkFilled(f, 32, 8, 99);
            checkFilled(f, 40, 1, 5);
            checkFilled(f, 64, PAGES - 64, 1);
        }
    }

    @Test
    void retainedVersionsKeepTheirPagesUntilTheyAreNoLongerRetained() throws Exception {
        Path file = dir.resolve("r.dat");
        FamsOptions retaining = FamsOptions.builder().size(PAGES * PAGE).dirtyTracking(DirtyTracking.EXPLICIT)
                .retainVersions(2).build();
        try (FamsFile f = FamsFile.open(file, retaining)) {
            fill(f, 0, PAGES, 1);
            long filled = f.commit();
            f.commit();
            long full = diskBytes(file);
            f.release(0, 64 * PAGE);
            f.commit();
            assertEquals(full, diskBytes(file), "commit " + filled + " is retained and holds them");
            f.rollbackTo(filled + 1);
            checkFilled(f, 0, PAGES, 1);
        }
    }

    /**
     * In the write-ahead mode a page released after a commit that no checkpoint has reached yet is
     * not punched at once: the log may still need it. Written again (a line of it, marked) before
     * the next commit, it must survive an explicit checkpoint in between, which makes the release
     * due: only the next commit learns that the page was written. Punched under the mapping's
     * private copy, the page would hold the new line over zeros in the file, so the checked mode
     * refused that commit for lines written without a mark, and the page's other bytes were lost.
     */
    @Test
    void aCheckpointBetweenCommitsDoesNotPunchAReleasedPageWrittenSince() throws Exception {
        Path file = dir.resolve("c.dat");
        FamsOptions checked = FamsOptions.builder().size(PAGES * PAGE).dirtyTracking(DirtyTracking.CHECKED)
                .commitMode(CommitMode.REDO).build();
        try (FamsFile f = FamsFile.open(file, checked)) {
            fill(f, 0, PAGES, 1);
            f.commit(); // 1 MiB of frames, far below the checkpoint threshold: the log holds the commit
            f.release(64 * PAGE, 64 * PAGE);
            assertEquals(1 + 70 * PAGE, f.segment().get(ValueLayout.JAVA_LONG, 70 * PAGE),
                    "not punched at once: no checkpoint has reached the releasing commit");

            f.segment().set(ValueLayout.JAVA_LONG, 70 * PAGE, -1);
            f.markDirty(70 * PAGE, 8);
            f.checkpoint();
            assertDoesNotThrow(() -> f.commit(), "the page's unmarked lines still hold their committed bytes");
            f.checkpoint();
            assertEquals(-1, f.segment().get(ValueLayout.JAVA_LONG, 70 * PAGE));
            checkFilledFrom(f, 70, 8, 1);
        }
        try (FamsFile f = FamsFile.open(file, options(CommitMode.REDO))) {
            assertEquals(-1, f.segment().get(ValueLayout.JAVA_LONG, 70 * PAGE));
            checkFilledFrom(f, 70, 8, 1);
            checkFilled(f, 0, 64, 1);
            checkFilled(f, 128, PAGES - 128, 1);
        }
    }

    /** Like {@link #checkFilled} for one page, from byte {@code from} on. */
    private static void checkFilledFrom(FamsFile f, long page, int from, long seed) {
        for (int at = from; at < PAGE; at += 8) {
            assertEquals(seed + page * PAGE + at, f.segment().get(ValueLayout.JAVA_LONG, page * PAGE + at),
                    "page " + page + " offset " + at);
        }
    }
}
