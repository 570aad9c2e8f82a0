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
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FamsFile} in {@link CommitMode#REDO} on real files: commit, rollback, checkpoints, reopen. */
class RedoFamsFileTest {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path dir;

    private static FamsOptions.Builder redo(DirtyTracking tracking) {
        return FamsOptions.builder().size(SIZE).dirtyTracking(tracking).commitMode(CommitMode.REDO);
    }

    private static long fileLong(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    private static Path redoLog(Path file) {
        return file.resolveSibling(file.getFileName() + ".fams-redo");
    }

    /**
     * A data file and its redo log as a process that stopped after its last commit leaves them;
     * written back over what {@code close()}'s checkpoint wrote, in the same files (the log is
     * bound to the data file's inode).
     */
    private record CrashedFiles(byte[] data, byte[] log) {
        static CrashedFiles of(Path file) throws IOException {
            return new CrashedFiles(Files.readAllBytes(file), Files.readAllBytes(redoLog(file)));
        }

        void restore(Path file) throws IOException {
            try (FileChannel d = FileChannel.open(file, StandardOpenOption.WRITE);
                 FileChannel l = FileChannel.open(redoLog(file), StandardOpenOption.WRITE)) {
                d.write(ByteBuffer.wrap(data), 0);
                l.write(ByteBuffer.wrap(log), 0);
            }
        }
    }

    private static void set(FamsFile f, long offset, long value) {
        f.segment().set(ValueLayout.JAVA_LONG, offset, value);
        f.markDirty(offset, 8);
    }

    @Test
    void aCommitGoesToTheLogAndACheckpointToTheFile() throws IOException {
        Path file = dir.resolve("a.dat");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            set(f, 8192, 42);
            long logBefore = Files.size(redoLog(file));
            assertEquals(1, f.commit());
            assertEquals(0, fileLong(file, 8192), "a redo commit leaves the data file alone");
            assertEquals(logBefore, Files.size(redoLog(file)), "the frame lands in the area written ahead");
            assertEquals(42, f.segment().get(ValueLayout.JAVA_LONG, 8192), "committed pages stay in the mapping");
            set(f, 8192, 43);
            assertEquals(2, f.commit());
            f.checkpoint();
            assertEquals(43, fileLong(file, 8192));
            assertEquals(43, f.segment().get(ValueLayout.JAVA_LONG, 8192));
            set(f, 16_384, 7);
            f.commit();
        }
        assertEquals(7, fileLong(file, 16_384), "close checkpoints");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            assertEquals(3, f.commitNumber());
            assertEquals(RecoveryReport.Outcome.CLEAN, f.recoveryReport().outcome(), f.recoveryReport().toString());
            assertEquals(43, f.segment().get(ValueLayout.JAVA_LONG, 8192));
            assertEquals(List.of(3L), f.versions());
        }
    }

    @Test
    void rollbackReturnsToTheLastCommitIncludingPagesNotYetCheckpointed() {
        try (FamsFile f = FamsFile.open(dir.resolve("r.dat"), redo(DirtyTracking.COMBINED).build())) {
            MemorySegment m = f.segment();
            set(f, 0, 1);
            m.set(ValueLayout.JAVA_LONG, 4096 * 5, 5); // unmarked: found by the pagemap
            f.commit();
            set(f, 0, 2);
            m.set(ValueLayout.JAVA_LONG, 4096 * 5 + 8, 6);
            m.set(ValueLayout.JAVA_LONG, 40_000, 3);
            f.rollback();
            assertEquals(1, m.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(5, m.get(ValueLayout.JAVA_LONG, 4096 * 5));
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, 4096 * 5 + 8));
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, 40_000), "rollback also discards unmarked writes");
            // A write that restores a committed value is no change at all.
            set(f, 0, 1);
            assertEquals(2, f.commit());
            f.rollbackTo(2);
            assertThrows(IllegalArgumentException.class, () -> f.rollbackTo(1));
            // An explicit checkpoint keeps uncommitted writes in the mapping, and does not write them.
            set(f, 0, 9);
            f.checkpoint();
            assertEquals(9, m.get(ValueLayout.JAVA_LONG, 0));
            f.rollback();
            assertEquals(1, m.get(ValueLayout.JAVA_LONG, 0));
        }
    }

    /**
     * Committed pages stay private copies until a checkpoint, so the pagemap reports them as
     * written: the checked mode must blame only pages changed since their commit.
     */
    @Test
    void theCheckedModeBlamesOnlyChangesSinceTheLastCommit() {
        try (FamsFile f = FamsFile.open(dir.resolve("k.dat"), redo(DirtyTracking.CHECKED).build())) {
            set(f, 0, 1);
            set(f, 8192, 2);
            f.commit();
            set(f, 4096, 3);
            assertEquals(2, f.commit(), "pages 0 and 2 are unchanged since commit 1");
            f.segment().set(ValueLayout.JAVA_LONG, 8200, 4);
            FamsUnmarkedWriteException e = assertThrows(FamsUnmarkedWriteException.class, f::commit);
            assertTrue(e.getMessage().contains("0x2000"), e.getMessage());
        }
    }

    /**
     * A page marked after a checkpoint but rewritten with the bytes it had is not logged, yet it
     * stays a private copy of the mapping: the checked mode compares it with the data file instead
     * of blaming it as an unmarked write at the next commit.
     */
    @Test
    void theCheckedModeAcceptsAPageRewrittenWithItsBytesAfterACheckpoint() {
        try (FamsFile f = FamsFile.open(dir.resolve("r.dat"), redo(DirtyTracking.CHECKED).build())) {
            set(f, 8192, 7);
            f.commit();
            f.checkpoint();
            set(f, 8192, 7);
            set(f, 0, 1);
            assertEquals(2, f.commit());
            set(f, 0, 2);
            assertEquals(3, f.commit(), "the unchanged page is not an unmarked write");
            f.segment().set(ValueLayout.JAVA_LONG, 8192, 8);
            assertThrows(FamsUnmarkedWriteException.class, f::commit, "a real change to it still is");
        }
    }

    /** A commit compares only the lines that marks covered; the checked mode catches a write beside them. */
    @Test
    void theCheckedModeBlamesAWriteOutsideTheMarkedLinesOfAPage() {
        try (FamsFile f = FamsFile.open(dir.resolve("l.dat"), redo(DirtyTracking.CHECKED).build())) {
            set(f, 8192, 1);
            f.commit();
            set(f, 8192, 2);
            f.segment().set(ValueLayout.JAVA_LONG, 8192 + 512, 5); // same page, another line, not marked
            FamsUnmarkedWriteException e = assertThrows(FamsUnmarkedWriteException.class, f::commit);
            assertTrue(e.getMessage().contains("0x2000"), e.getMessage());
            assertEquals(1, f.commitNumber(), "nothing was committed");
            f.markDirty(8192 + 512, 8);
            assertEquals(2, f.commit());
        }
    }

    /**
     * Commits of marked byte ranges, most of them a line or two of a page logged whole before,
     * which a commit compares line by line, some across many lines: the log alone, replayed at the
     * next open, gives back exactly the bytes written.
     */
    @Test
    void commitsComparedLineByLineReplayToTheBytesWritten() throws IOException {
        Path file = dir.resolve("r.dat");
        int pages = 6;
        byte[] expected = new byte[pages * 4096];
        Random random = new Random(11);
        CrashedFiles crashed;
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            for (int commit = 0; commit < 60; commit++) {
                int writes = 1 + random.nextInt(6);
                for (int w = 0; w < writes; w++) {
                    int length = random.nextInt(8) == 0 ? 1 + random.nextInt(600) : 1 + random.nextInt(16);
                    int offset = random.nextInt(expected.length - length);
                    byte[] bytes = new byte[length];
                    random.nextBytes(bytes);
                    if (random.nextInt(5) == 0) {
                        System.arraycopy(expected, offset, bytes, 0, length); // rewritten as it was
                    }
                    MemorySegment.copy(bytes, 0, f.segment(), ValueLayout.JAVA_BYTE, offset, length);
                    f.markDirty(offset, length);
                    System.arraycopy(bytes, 0, expected, offset, length);
                }
                f.commit();
            }
            f.sync();
            crashed = CrashedFiles.of(file);
        }
        crashed.restore(file);
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            assertEquals(RecoveryReport.Outcome.REPLAYED_LOG, f.recoveryReport().outcome(), f.recoveryReport().toString());
            assertEquals(60, f.commitNumber());
            byte[] actual = f.segment().asSlice(0, expected.length).toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void theThresholdTriggersCheckpoints() throws IOException {
        Path file = dir.resolve("t.dat");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).checkpointThreshold(5 * 4096).build())) {
            for (int i = 1; i <= 20; i++) {
                set(f, (long) i * 4096, i);
                f.commit();
                assertTrue(Files.size(redoLog(file)) <= 4096 + 6 * 4096, "the log stays near the threshold");
            }
            assertEquals(15, fileLong(file, 15 * 4096), "a checkpoint ran after the fifth page held");
            for (int i = 1; i <= 20; i++) {
                assertEquals(i, f.segment().get(ValueLayout.JAVA_LONG, (long) i * 4096));
            }
        }
    }

    /**
     * The files as a crash leaves them: commits in the log, not in the data file. The bytes of both
     * files are put back into the same files after a clean close, so that the log still belongs
     * to the file; the next open replays the frames.
     */
    @Test
    void anOpenReplaysTheCommitsTheLogHolds() throws IOException {
        Path file = dir.resolve("c.dat");
        CrashedFiles crashed;
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            set(f, 0, 1);
            f.commit();
            f.checkpoint();
            set(f, 4096, 2);
            set(f, 8, 3);
            f.commit();
            set(f, 4096, 4);
            f.commit(Durability.ASYNC);
            f.sync();
            crashed = CrashedFiles.of(file);
        }
        crashed.restore(file);
        assertEquals(0, fileLong(file, 4096));
        try (FamsFile r = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(RecoveryReport.Outcome.REPLAYED_IN_VIEW_ONLY, r.recoveryReport().outcome());
            assertEquals(3, r.commitNumber());
            assertEquals(4, r.segment().get(ValueLayout.JAVA_LONG, 4096));
            assertEquals(3, r.segment().get(ValueLayout.JAVA_LONG, 8));
        }
        assertEquals(0, fileLong(file, 4096), "a read-only open changes nothing");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            assertEquals(RecoveryReport.Outcome.REPLAYED_LOG, f.recoveryReport().outcome(), f.recoveryReport().toString());
            assertEquals(3, f.commitNumber());
            assertEquals(4, fileLong(file, 4096));
            assertEquals(3, fileLong(file, 8));
            assertEquals(1, f.segment().get(ValueLayout.JAVA_LONG, 0));
        }
    }

    @Test
    void asynchronousCommitsBecomeDurableInTheBackground() throws Exception {
        Path file = dir.resolve("s.dat");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).asyncSyncDelay(Duration.ofMillis(1)).build())) {
            // An asynchronous commit does not sync: every sync from here on is a background one,
            // which may run before the loop ends (its delay is 1 ms).
            long syncs = f.statistics().syncs();
            for (int i = 1; i <= 50; i++) {
                set(f, 0, i);
                assertEquals(i, f.commit(Durability.ASYNC));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (f.statistics().syncs() == syncs && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(f.statistics().syncs() > syncs, "no background sync within 30 s of the asynchronous commits");
            assertEquals(50, f.commitNumber());
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(50, f.segment().get(ValueLayout.JAVA_LONG, 0));
        }
    }

    @Test
    void theModesMeetBothWays() throws IOException {
        Path file = dir.resolve("m.dat");
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(SIZE).build())) {
            set(f, 0, 11);
            f.commit();
        }
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            assertEquals(1, f.commitNumber(), f.recoveryReport().toString());
            assertTrue(f.recoveryReport().detail().contains("replaced by a redo log"), f.recoveryReport().detail());
            assertEquals(11, f.segment().get(ValueLayout.JAVA_LONG, 0));
            assertTrue(!Files.exists(file.resolveSibling("m.dat.fams-log")));
            set(f, 0, 12);
            f.commit();
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(12, f.segment().get(ValueLayout.JAVA_LONG, 0), "a reader follows the log the file has");
        }
        assertThrows(IllegalArgumentException.class,
                () -> FamsOptions.builder().commitMode(CommitMode.REDO).retainVersions(1).build());
        FamsOptions retaining = FamsOptions.builder().size(SIZE).retainVersions(4).build();
        try (FamsFile f = FamsFile.open(file, retaining)) {
            assertEquals(2, f.commitNumber(), f.recoveryReport().toString());
            assertTrue(f.recoveryReport().detail().contains("replaced by an undo log"), f.recoveryReport().detail());
            assertTrue(!Files.exists(redoLog(file)));
            assertEquals(12, f.segment().get(ValueLayout.JAVA_LONG, 0));
            set(f, 0, 13);
            f.commit();
            set(f, 0, 14);
            f.commit();
            assertEquals(List.of(2L, 3L, 4L), f.versions());
            f.rollbackTo(3);
            assertEquals(13, f.segment().get(ValueLayout.JAVA_LONG, 0));
        }
        assertEquals(13, fileLong(file, 0));
    }

    /**
     * Frames overwrite zeros written when the log was created, so the per-commit sync changes no
     * file size and allocates no block; frames past that area double it.
     */
    @Test
    void theRedoLogIsWrittenAheadOfItsFrames() throws IOException, InterruptedException {
        Path file = dir.resolve("w.dat");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            long written = Files.size(redoLog(file));
            assertEquals(4096 + (1 << 20), written);
            assertTrue(allocatedBytes(redoLog(file)) >= written, "written, not sparse");
            for (int i = 1; i <= 200; i++) {
                set(f, 0, i);
                f.commit();
            }
            assertEquals(written, Files.size(redoLog(file)));
            for (int i = 0; i < 40; i++) {
                for (long page = 0; page < 8; page++) {
                    // Every byte changes: each page's frame record is the whole page.
                    for (long at = 0; at < 4096; at += 8) {
                        set(f, page * 4096 + at, i + at);
                    }
                }
                f.commit();
            }
            long grown = Files.size(redoLog(file));
            assertEquals(4096 + (2 << 20), grown, "the written area doubled once the frames passed it");
            assertTrue(allocatedBytes(redoLog(file)) >= grown);
        }
    }

    /** A close, after its checkpoint, gives back what the log grew beyond its first size; the next open goes on. */
    @Test
    void closingGivesBackTheLogsGrownArea() throws IOException, InterruptedException {
        Path file = dir.resolve("shrink.dat");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            for (int i = 0; i < 40; i++) {
                for (long at = 0; at < 8 * 4096; at += 8) {
                    set(f, at, i + at);
                }
                f.commit();
            }
            assertTrue(Files.size(redoLog(file)) > 4096 + (1 << 20), "the log grew");
        }
        assertEquals(4096 + (1 << 20), Files.size(redoLog(file)));
        assertTrue(allocatedBytes(redoLog(file)) <= 4096 + (1 << 20) + 4096, "its blocks went too");
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).build())) {
            assertEquals(39 + 8 * 4096 - 64, f.segment().get(ValueLayout.JAVA_LONG,
                    8 * 4096 - 64));
            set(f, 0, 7);
            f.commit();
        }
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
    @Test
    void aPartLastPageIsComparedWithItsOwnCommittedBytes() throws IOException {
        Path file = dir.resolve("part.dat");
        int page = 4096;
        try (FamsFile f = FamsFile.open(file, redo(DirtyTracking.EXPLICIT).size(page + 100).reserve(4 * page).build())) {
            MemorySegment s = f.segment();
            for (int i = 0; i < page + 100; i++) {
                s.set(ValueLayout.JAVA_BYTE, i, (byte) (i % 251 + 1));
            }
            f.markDirty(0, page + 100);
            f.commit();
            f.grow(page + 300);
            // the last page's new bytes equal those the page before it holds at the same place
            for (int i = 100; i < 300; i++) {
                s.set(ValueLayout.JAVA_BYTE, page + i, s.get(ValueLayout.JAVA_BYTE, i));
            }
            f.markDirty(page + 100, 200);
            f.commit();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(page + 300, bytes.length);
        for (int i = 0; i < 300; i++) {
            byte expected = i < 100 ? (byte) ((page + i) % 251 + 1) : bytes[i];
            assertEquals(expected, bytes[page + i], "byte " + i + " of the last page");
        }
    }
}
