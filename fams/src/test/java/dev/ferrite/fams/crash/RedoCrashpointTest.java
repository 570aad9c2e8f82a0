package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.RecoveryReport.Outcome;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The write-ahead mode's {@link CrashpointTest}: halts a child JVM ({@code Runtime.halt}) at every
 * named crashpoint of a redo commit (synchronous and asynchronous), of the checkpoint that follows
 * at close and of its log restart, of the extension of the file, of recovery (replay, data sync,
 * log restart), of the log's creation and of the switch from the undo log, then requires the
 * image the protocol promises: first through a read-only open that recovers nothing, then through
 * a writable open that recovers, then read-only again. A halt keeps the page cache, so a frame
 * fully written is found whether or not it was synced: from the frame's write on, the commit is
 * there.
 */
class RedoCrashpointTest {
    private static final int PAGES = 8;
    private static final int GROWN = 12;

    @TempDir
    Path dir;

    /** Commit 1 in the write-ahead mode, checkpointed at close: every page stamped with 1. */
    private Path fileAtCommit1(String name) {
        Path file = dir.resolve(name);
        try (FamsFile f = FamsFile.open(file, CommitChild.redo().size(PAGES * CommitChild.PAGE).build())) {
            for (int p = 0; p < PAGES; p++) {
                CommitChild.stamp(f, p, 1);
            }
            f.commit();
        }
        return file;
    }

    private static byte[] image(Path file) {
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            return f.segment().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private void halt(Crashpoint point, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("child-" + point + ".txt");
        int status = ChildJvm.run(out, List.of("-Dferrite.fams.crashpoint=" + point), CommitChild.class, args);
        assertEquals(Crashpoint.EXIT_STATUS, status, "child should halt at " + point + "; output: " + Files.readString(out));
    }

    /** Reopens writable and requires {@code commit} with {@code image}, recovered as {@code outcome}. */
    private static void requireRecovered(Path file, long commit, byte[] image, Outcome outcome, String what) {
        assertArrayEquals(image, image(file), "read-only view " + what);
        try (FamsFile f = FamsFile.open(file, CommitChild.redo().build())) {
            assertEquals(commit, f.commitNumber(), what);
            assertEquals(outcome, f.recoveryReport().outcome(), what + ": " + f.recoveryReport());
        }
        assertArrayEquals(image, image(file), "after recovery " + what);
    }

    @ParameterizedTest(name = "{0}, {1}, {2} pages")
    @CsvSource({
        "REDO_FRAME_WRITTEN, SYNC, 8, new, REPLAYED_LOG", "REDO_FRAME_WRITTEN, ASYNC, 8, new, REPLAYED_LOG",
        "REDO_FRAME_SYNCED, SYNC, 8, new, REPLAYED_LOG", "CHECKPOINT_DATA_WRITTEN, SYNC, 8, new, REPLAYED_LOG",
        "CHECKPOINT_DATA_WRITTEN, ASYNC, 8, new, REPLAYED_LOG", "CHECKPOINT_DATA_SYNCED, SYNC, 8, new, REPLAYED_LOG",
        "CHECKPOINT_HEADER_WRITTEN, SYNC, 8, new, CLEAN",
        "EXTEND_RECORDED, SYNC, 12, old, CLEAN", "REDO_FRAME_WRITTEN, SYNC, 12, new, REPLAYED_LOG",
        "REDO_FRAME_WRITTEN, ASYNC, 12, new, REPLAYED_LOG", "CHECKPOINT_DATA_WRITTEN, SYNC, 12, new, REPLAYED_LOG",
        "CHECKPOINT_DATA_SYNCED, SYNC, 12, new, REPLAYED_LOG", "CHECKPOINT_HEADER_WRITTEN, ASYNC, 12, new, CLEAN"})
    void haltInCommitOrCheckpoint(Crashpoint point, String durability, int pages, String expected, Outcome outcome)
            throws Exception {
        Path reference = fileAtCommit1("reference.dat");
        byte[] oldImage = image(reference);
        CommitChild.main(new String[] {"redo", reference.toString(), "" + pages, "2", durability});
        byte[] newImage = image(reference);

        Path file = fileAtCommit1("crashed.dat");
        halt(point, "redo", file.toString(), "" + pages, "2", durability);
        boolean isNew = expected.equals("new");
        requireRecovered(file, isNew ? 2 : 1, isNew ? newImage : oldImage, outcome, "after a halt at " + point);
    }

    /** A commit only the log holds, then recoveries halted at each of their steps, one after another. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Crashpoint.class, names = {"RECOVERY_APPLIED", "RECOVERY_DATA_SYNCED", "RECOVERY_RETIRE_WRITTEN"})
    void haltInRecovery(Crashpoint point) throws Exception {
        Path reference = fileAtCommit1("reference.dat");
        CommitChild.main(new String[] {"redo", reference.toString(), "" + GROWN, "2", "SYNC"});
        byte[] newImage = image(reference);

        Path file = fileAtCommit1("crashed.dat");
        halt(Crashpoint.REDO_FRAME_SYNCED, "redo", file.toString(), "" + GROWN, "2", "SYNC");
        halt(point, "redo-open", file.toString());
        assertArrayEquals(newImage, image(file), "read-only view after a halt in recovery at " + point);
        if (point != Crashpoint.RECOVERY_RETIRE_WRITTEN) {
            // The next recovery is cut too, after it restarted the log.
            halt(Crashpoint.RECOVERY_RETIRE_WRITTEN, "redo-open", file.toString());
        }
        requireRecovered(file, 2, newImage, Outcome.CLEAN, "after halts in recovery at " + point);
    }

    @ParameterizedTest
    @EnumSource(value = Crashpoint.class, names = "RECOVERY_LOG_CREATED")
    void haltWhileCreatingTheLog(Crashpoint point) throws Exception {
        Path file = dir.resolve("new.dat");
        halt(point, "redo-open", file.toString());
        try (FamsFile f = FamsFile.open(file, CommitChild.redo().build())) {
            assertEquals(0, f.commitNumber());
        }
        assertEquals(0, Files.size(file));
        assertTrue(Files.exists(file.resolveSibling("new.dat.fams-redo")));
    }

    /** A file of the undo mode with a commit in flight, switched to a redo log by a writable open that halts. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Crashpoint.class, names = {"RECOVERY_APPLIED", "RECOVERY_LOG_CREATED", "REDO_LOG_SWITCHED"})
    void haltWhileSwitchingFromTheUndoLog(Crashpoint point) throws Exception {
        Path file = dir.resolve("undo.dat");
        CommitChild.main(new String[] {"commit", file.toString(), "" + PAGES, "1", "0"});
        byte[] image1 = image(file);
        halt(Crashpoint.COMMIT_DATA_HALF_WRITTEN, "commit", file.toString(), "" + GROWN, "2", "0");
        halt(point, "redo-open", file.toString());
        assertArrayEquals(image1, image(file), "read-only view after a halt at " + point);
        try (FamsFile f = FamsFile.open(file, CommitChild.redo().build())) {
            assertEquals(1, f.commitNumber(), f.recoveryReport().toString());
        }
        assertArrayEquals(image1, image(file), "after the switch, halted at " + point);
        assertTrue(!Files.exists(file.resolveSibling("undo.dat.fams-log")), "the undo log is gone");
    }
}
