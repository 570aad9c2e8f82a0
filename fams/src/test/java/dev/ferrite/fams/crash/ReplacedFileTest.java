package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.RecoveryReport;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log is found by its data file's name, so the file beside it may not be the one it was
 * written for: a backup restored over a crashed file, or a new file created where a deleted one
 * left its log. Such a log is never applied.
 */
class ReplacedFileTest {
    private static final int PAGES = 8;

    @TempDir
    Path dir;

    private Path committed(String name) throws Exception {
        Path file = dir.resolve(name);
        Path out = dir.resolve(name + "-commit1.txt");
        assertEquals(0, ChildJvm.run(out, List.of(), CommitChild.class, "commit", file.toString(), "" + PAGES, "1", "0"),
                Files.readString(out));
        return file;
    }

    /** Leaves commit 2 of {@code file} in flight: its log synced, half its pages written. */
    private void crashDuringCommit2(Path file) throws Exception {
        Path out = dir.resolve(file.getFileName() + "-commit2.txt");
        int status = ChildJvm.run(out, List.of("-Dferrite.fams.crashpoint=" + Crashpoint.COMMIT_DATA_HALF_WRITTEN),
                CommitChild.class, "commit", file.toString(), "" + PAGES, "2", "0");
        assertEquals(Crashpoint.EXIT_STATUS, status, Files.readString(out));
    }

    @Test
    void aBackupRestoredOverACrashedFileIsNotUndoneByItsLog() throws Exception {
        Path file = committed("restored.dat");
        Path backup = Files.copy(file, dir.resolve("backup.dat"));
        crashDuringCommit2(file);
        Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
        byte[] restored = Files.readAllBytes(file);
        FamsCorruptException e = assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, FamsOptions.defaults()));
        assertTrue(e.getMessage().contains("the file was replaced") && e.getMessage().contains("in flight"),
                e.getMessage());
        assertArrayEquals(restored, Files.readAllBytes(file), "a refused log changed the restored file");
        // What the message says to do: delete the log; the restored contents become commit 0.
        Files.delete(dir.resolve("restored.dat.fams-log"));
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(0, f.commitNumber());
            assertArrayEquals(restored, f.segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void aNewFileWhereADeletedOneLeftItsIdleLogStartsAfresh() throws Exception {
        Path file = committed("reused.dat");
        Files.delete(file);
        byte[] fresh = new byte[3 * CommitChild.PAGE + 100];
        Arrays.fill(fresh, (byte) 0x55);
        Files.write(file, fresh);
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(0, f.commitNumber());
            assertEquals(RecoveryReport.Outcome.CREATED, f.recoveryReport().outcome());
            assertTrue(f.recoveryReport().detail().contains("was replaced"), f.recoveryReport().detail());
            assertArrayEquals(fresh, f.segment().toArray(ValueLayout.JAVA_BYTE));
        }
        assertArrayEquals(fresh, Files.readAllBytes(file), "the new file was cut to the old file's size");
    }

    @Test
    void aNewFileWhereADeletedOneLeftAnArmedLogIsRefused() throws Exception {
        Path file = committed("deleted.dat");
        crashDuringCommit2(file);
        Files.delete(file);
        byte[] fresh = new byte[PAGES * CommitChild.PAGE];
        Arrays.fill(fresh, (byte) 0x55);
        Files.write(file, fresh);
        assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, FamsOptions.defaults()));
        assertArrayEquals(fresh, Files.readAllBytes(file));
    }

    /**
     * Copying a backup over the file in place keeps the file's identity, but a retained undo log
     * is applied only to the pages its commit wrote: a rollback refuses a file that holds others.
     */
    @Test
    void aRollbackRefusesAFileRewrittenInPlace() throws Exception {
        Path file = dir.resolve("retained.dat");
        FamsOptions options = FamsOptions.builder().size(PAGES * CommitChild.PAGE).retainVersions(3).build();
        byte[] atCommit1;
        try (FamsFile f = FamsFile.open(file, options)) {
            CommitChild.stamp(f, 0, 1);
            f.commit();
            atCommit1 = f.segment().toArray(ValueLayout.JAVA_BYTE);
            CommitChild.stamp(f, 0, 2);
            CommitChild.stamp(f, 3, 2);
            f.commit();
        }
        byte[] other = atCommit1.clone();
        other[3 * CommitChild.PAGE] = 9; // page 3 as neither commit 1 nor commit 2 had it
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(other), 0);
        }
        try (FamsFile f = FamsFile.open(file, options)) {
            FamsCorruptException e = assertThrows(FamsCorruptException.class, () -> f.rollbackTo(1));
            assertTrue(e.getMessage().contains("does not hold what commit 2 wrote"), e.getMessage());
        }
        assertArrayEquals(other, Files.readAllBytes(file));
    }
}
