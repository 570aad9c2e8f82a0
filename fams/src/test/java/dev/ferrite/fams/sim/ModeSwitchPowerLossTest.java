package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.CommitProtocol;
import dev.ferrite.fams.protocol.PageSource;
import dev.ferrite.fams.protocol.RedoProtocol;
import dev.ferrite.fams.protocol.UndoProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file of the write-ahead mode, with commits in its redo log that no checkpoint has written,
 * opened writable in the undo mode: it is recovered, checkpointed and switched to an undo log.
 * After every storage operation of that switch, every disk a power cut could leave is opened in
 * each mode and must hold exactly the last commit; a sample of those recoveries is itself cut at
 * every operation and must converge to the same commit.
 */
class ModeSwitchPowerLossTest {
    private static final Path DIR = Path.of("/simulated");
    private static final LogFiles FILES = new LogFiles(DIR.resolve("heap.dat"));
    private static final int PAGE = Stamps.PAGE;
    private static final int PAGES = 6;
    private static final long THRESHOLD = 1 << 20;

    private final List<byte[]> images = new ArrayList<>();
    private final byte[] memory = new byte[PAGES * PAGE];
    private final CrashStates states = new CrashStates(512, 64, 7);
    private final CrashStates nestedStates = new CrashStates(16, 4, 8);
    private long statesChecked;
    private long recoveriesCut;
    private long visits;

    @Test
    void switchingFromTheRedoLogToTheUndoLogSurvivesPowerLoss() throws IOException {
        SimDisk disk = new SimDisk(DIR);
        images.add(new byte[0]);
        try (RedoProtocol redo = RedoProtocol.open(disk, FILES, true, THRESHOLD)) {
            redo.ensureSize(memory.length);
            commit(redo, 0, 1, 2, 3, 4, 5);
            redo.checkpoint();
            commit(redo, 1, 3);
            commit(redo, 4);
            // Closed without a checkpoint, as by a crash: commits 2 and 3 are only in the log.
        }
        long last = images.size() - 1;
        disk.afterEachOperation(() -> statesChecked += states.enumerate(disk.pendingState(),
                state -> checkBothModes(state, last, true)));
        try (UndoProtocol undo = UndoProtocol.open(disk, FILES, true, 0)) {
            assertEquals(last, undo.commitNumber());
            assertTrue(undo.report().detail().contains("replaced by an undo log"), undo.report().detail());
        }
        disk.afterEachOperation(() -> { });
        Map<String, byte[]> after = disk.currentView();
        assertFalse(after.containsKey("heap.dat.fams-redo"), "the redo log is removed");
        assertTrue(after.containsKey("heap.dat.fams-log"), "an undo log takes its place");
        assertEquals(null, Stamps.firstDifference(images.get((int) last), after.get("heap.dat")));

        try (UndoProtocol undo = UndoProtocol.open(disk, FILES, true, 0)) {
            commit(undo, 2);
        }
        try (RedoProtocol redo = RedoProtocol.open(disk, FILES, true, THRESHOLD)) {
            assertEquals(last + 1, redo.commitNumber(), "and back to the write-ahead mode");
        }
        System.out.printf("mode switch power loss: %d crash states checked in both modes, %d recoveries cut%n",
                statesChecked, recoveriesCut);
        assertTrue(statesChecked > 20 && recoveriesCut > 0, statesChecked + " states, " + recoveriesCut + " cut");
    }

    /** Stamps {@code pages} with the next commit's number and commits them. */
    private void commit(CommitProtocol protocol, long... pages) throws IOException {
        long next = images.size();
        for (long p : pages) {
            Stamps.stamp(memory, next, p);
        }
        PageSource source = (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer();
        assertEquals(next, protocol.commit(pages, source, memory.length));
        images.add(memory.clone());
    }

    private void checkBothModes(Map<String, byte[]> state, long expected, boolean cut) {
        assertEquals(expected, recover(SimDisk.of(DIR, state), false), "undo-mode open after a power cut");
        assertEquals(expected, recover(SimDisk.of(DIR, state), true), "write-ahead open after a power cut");
        if (cut && ++visits % 16 == 3) {
            recoveriesCut++;
            SimDisk recovering = SimDisk.of(DIR, state);
            recovering.afterEachOperation(() -> nestedStates.enumerate(recovering.pendingState(),
                    s -> checkBothModes(s, expected, false)));
            recover(recovering, false);
        }
    }

    /** Opens the disk in one mode and returns the commit found, after checking its data. */
    private long recover(SimDisk disk, boolean redoMode) {
        try (CommitProtocol p = redoMode ? RedoProtocol.open(disk, FILES, true, THRESHOLD)
                : UndoProtocol.open(disk, FILES, true, 0)) {
            long n = p.commitNumber();
            assertEquals(null, Stamps.firstDifference(images.get((int) n), disk.currentView().get("heap.dat")),
                    (redoMode ? "write-ahead" : "undo") + " open found commit " + n + " but its data differ");
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
