package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flight-recorder events and the statistics of {@link FamsFile}, recorded from real commits on
 * real files: each field says what the commit really did, mode by mode.
 */
class ObservabilityTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private static FamsOptions options(CommitMode mode) {
        return FamsOptions.builder().size(1 << 20).commitMode(mode).dirtyTracking(DirtyTracking.EXPLICIT).build();
    }

    /** Writes one long into each of {@code pages} pages and marks them. */
    private static void touch(FamsFile f, int pages, long value) {
        for (int p = 1; p <= pages; p++) {
            f.segment().set(ValueLayout.JAVA_LONG, (long) p * PAGE, value);
            f.markDirty((long) p * PAGE, 8);
        }
    }

    private List<RecordedEvent> record(Runnable work) throws IOException {
        Path jfr = dir.resolve("events.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.ferrite.fams.Commit").withThreshold(Duration.ZERO);
            recording.enable("dev.ferrite.fams.Checkpoint").withThreshold(Duration.ZERO);
            recording.enable("dev.ferrite.fams.Recovery").withThreshold(Duration.ZERO);
            recording.start();
            work.run();
            recording.stop();
            recording.dump(jfr);
        }
        return RecordingFile.readAllEvents(jfr);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void aWriteAheadCommitLogsOnlyWhatChangedAndLeavesTheDataFileToTheCheckpoint() throws IOException {
        Path file = dir.resolve("redo.dat");
        List<RecordedEvent> events = record(() -> {
            try (FamsFile f = FamsFile.open(file, options(CommitMode.REDO))) {
                touch(f, 3, 7);
                f.commit();
                f.checkpoint();
            }
        });
        RecordedEvent commit = named(events, "dev.ferrite.fams.Commit").getFirst();
        assertEquals(1, commit.getLong("commitNumber"));
        assertEquals("REDO", commit.getString("mode"));
        assertEquals("SYNC", commit.getString("durability"));
        assertEquals(3, commit.getLong("pages"));
        assertEquals(0, commit.getLong("bytesWritten"), "a write-ahead commit does not write the data file");
        long logged = commit.getLong("bytesLogged");
        assertTrue(logged > 0 && logged < 3 * PAGE, "three changed longs log less than their pages: " + logged);
        assertEquals(1, commit.getLong("syncs"), "one sync per commit");
        assertTrue(commit.getDuration().toNanos() >= commit.getLong("syncTime"));

        List<RecordedEvent> checkpoints = named(events, "dev.ferrite.fams.Checkpoint");
        assertTrue(checkpoints.size() >= 1, "checkpoint() and close() record checkpoints");
        RecordedEvent checkpoint = checkpoints.getFirst();
        assertEquals(1, checkpoint.getLong("commitNumber"));
        assertTrue(checkpoint.getLong("bytesWritten") >= 3 * 8, "the checkpoint writes the changed bytes");
        assertTrue(checkpoint.getLong("logBytes") >= logged);
        assertTrue(checkpoint.getLong("syncs") >= 2, "the data file and the restarted log are synced");

        RecordedEvent recovery = named(events, "dev.ferrite.fams.Recovery").getFirst();
        assertEquals(file.toRealPath().toString(), recovery.getString("path"));
        assertEquals("CREATED", recovery.getString("outcome"));
        assertEquals(0, recovery.getLong("commitNumber"));
    }

    @Test
    void anUndoCommitWritesItsPagesInPlace() throws IOException {
        Path file = dir.resolve("undo.dat");
        List<RecordedEvent> events = record(() -> {
            try (FamsFile f = FamsFile.open(file, options(CommitMode.UNDO))) {
                touch(f, 2, 9);
                f.commit();
                touch(f, 2, 10);
                f.commit();
            }
        });
        // The second commit: the first one's pages were holes, which need no undo image.
        RecordedEvent commit = named(events, "dev.ferrite.fams.Commit").get(1);
        assertEquals("UNDO", commit.getString("mode"));
        assertEquals(2, commit.getLong("pages"));
        assertTrue(commit.getLong("bytesWritten") >= 2 * PAGE, "undo writes whole pages into the file");
        assertTrue(commit.getLong("bytesLogged") >= 2 * PAGE, "undo logs the old images of whole pages");
        assertTrue(commit.getLong("syncs") >= 2, "the log, then the file");
        assertTrue(named(events, "dev.ferrite.fams.Checkpoint").isEmpty(), "undo mode has no checkpoints");
    }

    @Test
    void statisticsCountWhatThisObjectDid() {
        Path file = dir.resolve("stats.dat");
        try (FamsFile f = FamsFile.open(file, options(CommitMode.REDO))) {
            FamsStatistics fresh = f.statistics();
            assertEquals(0, fresh.commits());
            assertNull(fresh.lastCommitTime());
            assertEquals(0, fresh.pagesPerCommit());

            touch(f, 4, 1);
            f.commit();
            touch(f, 2, 2);
            f.commit(Durability.ASYNC);
            f.sync();
            f.checkpoint();

            FamsStatistics stats = f.statistics();
            assertEquals(2, stats.commits());
            assertEquals(6, stats.pagesCommitted());
            assertEquals(3.0, stats.pagesPerCommit());
            assertEquals(2, stats.lastCommitNumber());
            assertEquals(1, stats.checkpoints());
            assertNotNull(stats.lastCommitTime());
            assertTrue(stats.lastCommitNanos() > 0);
            assertTrue(stats.bytesLogged() > fresh.bytesLogged());
            assertTrue(stats.bytesWritten() > fresh.bytesWritten(), "the checkpoint wrote the data file");
            assertTrue(stats.syncs() >= fresh.syncs() + 3, "a sync per SYNC commit, the sync() and the checkpoint's");
        }
    }
}
