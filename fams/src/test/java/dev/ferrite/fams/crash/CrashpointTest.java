package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.RecoveryReport;
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
 * Halts a child JVM ({@code Runtime.halt}) at every named crashpoint of commit, recovery and
 * rollback, then reopens the file in this JVM and requires exactly the image the protocol
 * promises at that point: the old commit until the data file is synced and the log retired, the
 * new one after.
 */
class CrashpointTest {
    private static final int PAGES = 8;
    private static final int GROWN = 12;

    @TempDir
    Path dir;

    /** Commit 1: every page stamped with 1. */
    private Path fileAtCommit1(String name, int retain) {
        Path file = dir.resolve(name);
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(PAGES * CommitChild.PAGE).retainVersions(retain).build())) {
            for (int p = 0; p < PAGES; p++) {
                CommitChild.stamp(f, p, 1);
            }
            f.commit();
        }
        return file;
    }

    private byte[] image(Path file) {
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            return f.segment().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private long commitNumber(Path file, int retain) {
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().retainVersions(retain).build())) {
            return f.commitNumber();
        }
    }

    private void halt(Crashpoint point, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("child-" + point + ".txt");
        int status = ChildJvm.run(out, List.of("-Dferrite.fams.crashpoint=" + point), CommitChild.class, args);
        assertEquals(Crashpoint.EXIT_STATUS, status, "child should halt at " + point + "; output: " + Files.readString(out));
    }

    /**
     * A commit that grows the file, or retains versions, is durable once its log is retired. One
     * that keeps the size is never retired: it is complete once all its pages are in the file,
     * which after a halt (the page cache survives) is as soon as they are written.
     */
    @ParameterizedTest(name = "{0}, retain {1}, {2} pages")
    @CsvSource({
        "COMMIT_LOG_WRITTEN, 0, 12, old", "COMMIT_LOG_SYNCED, 0, 12, old", "COMMIT_DATA_HALF_WRITTEN, 0, 12, old",
        "COMMIT_DATA_WRITTEN, 0, 12, old", "COMMIT_DATA_SYNCED, 0, 12, old", "COMMIT_RETIRE_WRITTEN, 0, 12, new",
        "COMMIT_RETIRED, 0, 12, new",
        "COMMIT_LOG_WRITTEN, 0, 8, old", "COMMIT_LOG_SYNCED, 0, 8, old", "COMMIT_DATA_HALF_WRITTEN, 0, 8, old",
        "COMMIT_DATA_WRITTEN, 0, 8, new", "COMMIT_DATA_SYNCED, 0, 8, new", "COMMIT_RETIRE_WRITTEN, 0, 8, new",
        "COMMIT_LOG_WRITTEN, 3, 8, old", "COMMIT_LOG_SYNCED, 3, 8, old", "COMMIT_DATA_HALF_WRITTEN, 3, 8, old",
        "COMMIT_DATA_WRITTEN, 3, 8, old", "COMMIT_DATA_SYNCED, 3, 8, old", "COMMIT_RETIRE_WRITTEN, 3, 8, new",
        "COMMIT_RETIRED, 3, 8, new"})
    void haltInCommit(Crashpoint point, int retain, int pages, String expected) throws Exception {
        Path reference = fileAtCommit1("reference.dat", retain);
        byte[] oldImage = image(reference);
        CommitChild.main(new String[] {"commit", reference.toString(), "" + pages, "2", "" + retain});
        byte[] newImage = image(reference);

        Path file = fileAtCommit1("crashed.dat", retain);
        halt(point, "commit", file.toString(), "" + pages, "2", "" + retain);
        boolean isNew = expected.equals("new");
        // A reader sees the right commit before any writer has recovered the file, then the writer recovers it.
        assertArrayEquals(isNew ? newImage : oldImage, image(file), "read-only view after halt at " + point);
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().retainVersions(retain).build())) {
            assertEquals(isNew ? 2 : 1, f.commitNumber());
            // A halted process leaves its unsynced log in the page cache, so recovery finds it complete.
            assertEquals(isNew ? RecoveryReport.Outcome.CLEAN : RecoveryReport.Outcome.UNDID_INTERRUPTED_COMMIT,
                    f.recoveryReport().outcome(), f.recoveryReport().toString());
        }
        assertArrayEquals(isNew ? newImage : oldImage, image(file), "after recovery from halt at " + point);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RECOVERY_DATA_SYNCED", "RECOVERY_RETIRE_WRITTEN"})
    void haltWhileRecoveringACompleteCommit(Crashpoint point) throws Exception {
        Path reference = fileAtCommit1("reference.dat", 0);
        CommitChild.main(new String[] {"commit", reference.toString(), "" + PAGES, "2", "0"});
        byte[] newImage = image(reference);
        Path file = fileAtCommit1("crashed.dat", 0);
        halt(Crashpoint.COMMIT_DATA_WRITTEN, "commit", file.toString(), "" + PAGES, "2", "0");
        halt(point, "open", file.toString(), "0");
        assertEquals(2, commitNumber(file, 0));
        assertArrayEquals(newImage, image(file), "after a crash in recovery at " + point);
    }

    @ParameterizedTest(name = "{0}, retain {1}")
    @CsvSource({"RECOVERY_APPLIED, 0", "RECOVERY_DATA_SYNCED, 0", "RECOVERY_RETIRE_WRITTEN, 0",
        "RECOVERY_APPLIED, 3", "RECOVERY_DATA_SYNCED, 3"})
    void haltInRecovery(Crashpoint point, int retain) throws Exception {
        Path file = fileAtCommit1("crashed.dat", retain);
        byte[] oldImage = image(file);
        halt(Crashpoint.COMMIT_DATA_HALF_WRITTEN, "commit", file.toString(), "" + GROWN, "2", "" + retain);
        halt(point, "open", file.toString(), "" + retain);
        assertEquals(1, commitNumber(file, retain));
        assertArrayEquals(oldImage, image(file), "after a crash in recovery at " + point);
    }

    @ParameterizedTest
    @EnumSource(value = Crashpoint.class, names = "RECOVERY_LOG_CREATED")
    void haltWhileCreatingTheLog(Crashpoint point) throws Exception {
        Path file = dir.resolve("new.dat");
        halt(point, "open", file.toString(), "0");
        assertEquals(0, commitNumber(file, 0));
        assertEquals(0, Files.size(file));
    }

    @ParameterizedTest
    @EnumSource(value = Crashpoint.class, names = "ROLLBACK_STEP_APPLIED")
    void haltInRollbackTo(Crashpoint point) throws Exception {
        Path file = fileAtCommit1("history.dat", 3);
        CommitChild.main(new String[] {"commit", file.toString(), "" + PAGES, "2", "3"});
        byte[] image2 = image(file);
        CommitChild.main(new String[] {"commit", file.toString(), "" + GROWN, "3", "3"});
        halt(point, "rollback", file.toString(), "1");
        assertEquals(2, commitNumber(file, 3), "the first step (3 -> 2) completed, the second not begun");
        assertArrayEquals(image2, image(file));
    }
}
