package dev.ferrite.fams.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.FamsPoisonedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose data sync fails with a real write-back error (ENOSPC under an ext4 file system)
 * poisons the file; the next open must not take the pages the page cache still shows for
 * durable. After the page cache is gone (a remount), the file holds exactly the commit the
 * reopen reported.
 */
class FailedWriteBackTest {
    private static final int PAGE = 4096;
    private static final FamsOptions OPTIONS =
            FamsOptions.builder().size(512 * PAGE).dirtyTracking(DirtyTracking.EXPLICIT).build();

    @TempDir
    Path dir;

    @Test
    void aReopenAfterAFailedSyncReadsTheDiskNotThePageCache() throws Exception {
        try (FailingDisk disk = FailingDisk.create(dir, 16)) {
            Path file = disk.directory().resolve("f.dat");
            try (FamsFile f = FamsFile.open(file, OPTIONS)) {
                // Pages 0..63 and the log's first half megabyte get written while the disk has room.
                for (int commit = 1; commit <= 4; commit++) {
                    stamp(f, commit, 0, 64);
                    f.commit();
                }
                disk.fill();
                stamp(f, 5, 0, 4);      // written back in place: succeeds
                stamp(f, 5, 100, 104);  // new blocks: their write-back fails
                FamsPoisonedException e = assertThrows(FamsPoisonedException.class, f::commit);
                assertTrue(e.getMessage().contains("No space left"), e.getMessage());
            }
            try (FamsFile f = FamsFile.open(file, OPTIONS)) {
                // Recovery may succeed while the disk is still full; if it does, it found the truth.
                assertEquals(4, f.commitNumber(), f.recoveryReport().toString());
                assertHoldsCommit(f.segment(), 4);
            } catch (FamsException refusedWhileFull) {
                assertTrue(refusedWhileFull.getMessage().contains("No space left"), refusedWhileFull.getMessage());
            }
            disk.free();
            try (FamsFile f = FamsFile.open(file, OPTIONS)) {
                assertEquals(4, f.commitNumber(), f.recoveryReport().toString());
                assertHoldsCommit(f.segment(), 4);
            }
            disk.remount();
            try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
                assertEquals(4, f.commitNumber(), f.recoveryReport().toString());
                assertHoldsCommit(f.segment(), 4);
            }
        }
    }

    private static void stamp(FamsFile f, long commit, int fromPage, int toPage) {
        for (long p = fromPage; p < toPage; p++) {
            for (long at = p * PAGE; at < (p + 1) * PAGE; at += 8) {
                f.segment().set(ValueLayout.JAVA_LONG, at, commit << 32 | p);
            }
            f.markDirty(p * PAGE, PAGE);
        }
    }

    /** Pages 0..63 stamped by {@code commit}, the rest zero. */
    private static void assertHoldsCommit(MemorySegment m, long commit) {
        for (long p = 0; p < 128; p++) {
            long expected = p < 64 ? commit << 32 | p : 0;
            for (long at = p * PAGE; at < (p + 1) * PAGE; at += 512) {
                long actual = m.get(ValueLayout.JAVA_LONG, at);
                assertEquals(expected, actual, "page " + p + " offset " + at + " holds commit " + (actual >>> 32)
                        + "'s stamp, expected commit " + commit + "'s");
            }
        }
    }
}
