package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.PageFingerprint;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.UndoProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Damaged logs: every bit position flipped once, every truncation length, a log of another file.
 * Recovery must either restore exactly the right commit or refuse with a
 * {@link FamsCorruptException} that says what it found, changing nothing; it never applies
 * garbage.
 */
class BadInputTest {
    private byte[] image1;
    private byte[] image2;
    /** Commit 2 in flight, its log synced, the data file untouched. */
    private Map<String, byte[]> logSynced;
    /** Commit 2 in flight, its log synced, some of its pages written to the data file. */
    private Map<String, byte[]> dataPartlyWritten;
    /**
     * Commit 2 complete: its data synced, its log still armed (a commit that keeps the size
     * writes its idle header without syncing it, so this is what a power cut can leave).
     */
    private Map<String, byte[]> committed;
    /** Commit 2 after a reopen: its log retired. */
    private Map<String, byte[]> retired;

    @BeforeEach
    void buildStates() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, 0, 8);
        image1 = heap.memory.clone();
        disk.afterEachOperation(() -> {
            if (disk.lastMutation().equals("sync " + SimHeap.LOG) && logSynced == null) {
                logSynced = disk.currentView();
            } else if (disk.lastMutation().equals("write " + SimHeap.DATA) && dataPartlyWritten == null) {
                dataPartlyWritten = disk.currentView(); // pages 0..2 written, page 5 not yet
            } else if (disk.lastMutation().equals("sync " + SimHeap.DATA)) {
                committed = disk.currentView();
            }
        });
        Arrays.fill(heap.memory, SimHeap.PAGE, 2 * SimHeap.PAGE, (byte) 0);
        heap.commitStamped(0, 1, 2, 5);
        image2 = heap.memory.clone();
        assertNotNull(logSynced);
        assertNotNull(dataPartlyWritten);
        assertNotNull(committed);
        SimDisk reopened = SimDisk.of(SimHeap.DIR, committed);
        UndoProtocol.open(reopened, SimHeap.FILES, true, 0).close();
        retired = reopened.currentView();
    }

    private enum Outcome { RESTORED, REFUSED }

    private Outcome recover(Map<String, byte[]> state, long expectedCommit, byte[] expectedImage, String what) {
        SimDisk d = SimDisk.of(SimHeap.DIR, state);
        try (UndoProtocol p = UndoProtocol.open(d, SimHeap.FILES, true, 0)) {
            assertEquals(expectedCommit, p.commitNumber(), what);
            assertArrayEquals(expectedImage, SimHeap.data(d.currentView()), what + ": recovered data differ");
            return Outcome.RESTORED;
        } catch (FamsCorruptException e) {
            assertFalse(e.getMessage().isBlank(), what);
            assertArrayEquals(SimHeap.data(state), SimHeap.data(d.currentView()), what + ": a refused recovery changed the data");
            return Outcome.REFUSED;
        } catch (IOException e) {
            throw new AssertionError(what, e);
        }
    }

    private static Map<String, byte[]> withLog(Map<String, byte[]> state, UnaryOperator<byte[]> change) {
        Map<String, byte[]> s = new LinkedHashMap<>(state);
        s.put(SimHeap.LOG, change.apply(state.get(SimHeap.LOG).clone()));
        return s;
    }

    private int[] flipEveryBit(Map<String, byte[]> state, long commit, byte[] image, String name) {
        int[] counts = new int[2];
        int length = state.get(SimHeap.LOG).length;
        for (int i = 0; i < length; i++) {
            int at = i;
            Outcome o = recover(withLog(state, b -> {
                b[at] ^= (byte) (1 << (at % 8));
                return b;
            }), commit, image, name + ", bit " + (at % 8) + " of byte " + at + " flipped");
            counts[o.ordinal()]++;
        }
        System.out.printf("bit flips in the log (%s): %d bytes, %d restored commit %d, %d refused%n",
                name, length, counts[0], commit, counts[1]);
        return counts;
    }

    private int[] truncateEverywhere(Map<String, byte[]> state, long commit, byte[] image, String name) {
        int[] counts = new int[2];
        int length = state.get(SimHeap.LOG).length;
        for (int n = 0; n < length; n++) {
            int keep = n;
            Outcome o = recover(withLog(state, b -> Arrays.copyOf(b, keep)), commit, image,
                    name + ", log truncated to " + keep + " bytes");
            counts[o.ordinal()]++;
        }
        System.out.printf("truncated logs (%s): %d lengths, %d restored commit %d, %d refused%n",
                name, length, counts[0], commit, counts[1]);
        return counts;
    }

    @Test
    void bitFlipsInALogWhoseCommitHadNotTouchedTheFile() {
        int[] counts = flipEveryBit(logSynced, 1, image1, "commit in flight, data untouched");
        assertTrue(counts[0] > 0 && counts[1] > 0);
    }

    @Test
    void bitFlipsInALogWhoseCommitHadRewrittenTheFile() {
        int[] counts = flipEveryBit(dataPartlyWritten, 1, image1, "commit in flight, data partly rewritten");
        assertTrue(counts[1] > 0, "a damaged record of a commit that rewrote the file must be refused");
    }

    @Test
    void bitFlipsInTheArmedLogOfACompleteCommit() {
        int[] counts = flipEveryBit(committed, 2, image2, "commit complete, log armed");
        assertTrue(counts[0] > 0 && counts[1] >= 508, "every flip in the header's checksummed bytes is refused");
    }

    @Test
    void bitFlipsInAnIdleLog() {
        int[] counts = flipEveryBit(retired, 2, image2, "no commit in flight");
        assertTrue(counts[1] >= 508 * 1, "every flip in the header's checksummed bytes is refused");
    }

    @Test
    void truncationAtEveryOffset() {
        assertTrue(truncateEverywhere(logSynced, 1, image1, "data untouched")[0] > 0);
        assertTrue(truncateEverywhere(dataPartlyWritten, 1, image1, "data partly rewritten")[1] > 0);
        int[] armed = truncateEverywhere(committed, 2, image2, "commit complete, log armed");
        assertTrue(armed[0] > 0 && armed[1] > 0, "the header's fingerprints vouch for a commit of few pages");
        assertTrue(truncateEverywhere(retired, 2, image2, "no commit in flight")[0] > 0);
    }

    @Test
    void dataFileShorterThanItsCommitIsRefused() {
        Map<String, byte[]> s = new LinkedHashMap<>(retired);
        s.put(SimHeap.DATA, Arrays.copyOf(image2, 5000));
        FamsCorruptException e = assertThrows(FamsCorruptException.class,
                () -> UndoProtocol.open(SimDisk.of(SimHeap.DIR, s), SimHeap.FILES, true, 0).close());
        assertTrue(e.getMessage().contains("is 5000 bytes, but commit 2 recorded " + image2.length), e.getMessage());
    }

    @Test
    void logOfAnotherFileIsRefused() throws IOException {
        SimDisk other = new SimDisk(SimHeap.DIR);
        LogFiles otherFiles = new LogFiles(SimHeap.DIR.resolve("other.dat"));
        UndoProtocol.open(other, otherFiles, true, 0).close();
        Map<String, byte[]> s = new LinkedHashMap<>(committed);
        s.put(SimHeap.LOG, other.currentView().get("other.dat.fams-log"));
        FamsCorruptException e = assertThrows(FamsCorruptException.class,
                () -> UndoProtocol.open(SimDisk.of(SimHeap.DIR, s), SimHeap.FILES, true, 0).close());
        assertTrue(e.getMessage().contains("belongs to data file 'other.dat'"), e.getMessage());
        assertArrayEquals(image2, SimHeap.data(s));
    }

    @Test
    void undoLogOfAnotherFileIsNotApplied() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, 2, 4);
        byte[] image = heap.memory.clone();
        // An undo log for commit 2 taken from a different file with the same name and history.
        SimDisk otherDisk = new SimDisk(SimHeap.DIR);
        SimHeap other = new SimHeap(otherDisk, 2);
        other.grow(4);
        other.commitStamped(0, 1, 2, 3);
        other.commitStamped(1);
        Map<String, byte[]> s = new LinkedHashMap<>(disk.currentView());
        s.put("heap.dat.fams-undo.2", otherDisk.currentView().get("heap.dat.fams-undo.2"));
        SimDisk d = SimDisk.of(SimHeap.DIR, s);
        try (UndoProtocol p = UndoProtocol.open(d, SimHeap.FILES, true, 2)) {
            assertEquals(1, p.commitNumber());
            assertEquals(RecoveryReport.Outcome.DISCARDED_INCOMPLETE_COMMIT, p.report().outcome());
            assertTrue(p.report().detail().contains("heap.dat.fams-undo.2"), p.report().detail());
        }
        assertArrayEquals(image, SimHeap.data(d.currentView()));
    }

    /**
     * A commit of more pages than the header has fingerprints for, interrupted after the first 20
     * of its 25 scattered pages, then its log damaged: the fingerprints all show new bytes, but
     * they do not vouch for the other pages, so recovery must refuse rather than keep a mix.
     */
    @Test
    void fingerprintsDoNotVouchForPagesTheyDoNotCover() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, 0, 50);
        byte[] commit1 = heap.memory.clone();
        long[] scattered = LongStream.range(0, 25).map(p -> 2 * p).toArray();
        int[] dataWrites = {0};
        AtomicReference<Map<String, byte[]>> twentyWritten = new AtomicReference<>();
        disk.afterEachOperation(() -> {
            if (disk.lastMutation().equals("write " + SimHeap.DATA) && ++dataWrites[0] == 20) {
                twentyWritten.set(disk.currentView());
            }
        });
        heap.commitStamped(scattered);
        assertNotNull(twentyWritten.get());
        Map<String, byte[]> damaged = withLog(twentyWritten.get(), b -> {
            b[b.length - LogFormat.TRAILER - 100] ^= 1; // inside the last page image
            return b;
        });
        assertEquals(Outcome.REFUSED, recover(damaged, 1, commit1, "25 pages, 20 written, last record damaged"));
    }

    private static Map<String, byte[]> withHeader(Map<String, byte[]> state, UnaryOperator<LogHeader> change) {
        return withLog(state, b -> {
            LogHeader h = LogHeader.decode(ByteBuffer.wrap(b, 0, LogFormat.SECTOR).slice(), "log");
            change.apply(h).encode().get(b, 0, LogFormat.SECTOR);
            return b;
        });
    }

    /** An idle log never justifies cutting a file down: a size it does not account for is refused. */
    @Test
    void anIdleHeaderClaimingASmallerFileIsRefusedNotTruncated() {
        Map<String, byte[]> s = withHeader(retired, h -> LogHeader.idle(h.identity(), h.commitNumber(), 8192));
        assertEquals(Outcome.REFUSED, recover(s, 2, image2, "idle header claiming 8192 bytes"));
        FamsCorruptException e = assertThrows(FamsCorruptException.class,
                () -> UndoProtocol.open(SimDisk.of(SimHeap.DIR, s), SimHeap.FILES, true, 0).close());
        assertTrue(e.getMessage().contains("is " + image2.length + " bytes, but " + SimHeap.FILES.log()
                + " records commit 2 of a file of at most 8192 bytes"), e.getMessage());
    }

    @Test
    void aFileExtendedWithinTheBoundItsLogRecordedIsCutBack() throws IOException {
        Map<String, byte[]> s = withHeader(retired, h -> LogHeader.idle(h.identity(), 2, image2.length,
                image2.length + 3L * LogFormat.PAGE_SIZE));
        s.put(SimHeap.DATA, Arrays.copyOf(image2, image2.length + 3 * LogFormat.PAGE_SIZE));
        assertEquals(Outcome.RESTORED, recover(s, 2, image2, "extended by three zero pages"));
    }

    @Test
    void commitNumbersNearLongMaxAreRefusedAtOnce() {
        for (long commit : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1, (1L << 62) + 1}) {
            Map<String, byte[]> s = withHeader(retired, h -> LogHeader.idle(h.identity(), commit, h.dataSize()));
            FamsCorruptException e = assertThrows(FamsCorruptException.class,
                    () -> UndoProtocol.open(SimDisk.of(SimHeap.DIR, s), SimHeap.FILES, true, 0).close());
            assertTrue(e.getMessage().contains("impossible header values"), e.getMessage());
        }
    }

    @Test
    void aFingerprintOfImpossibleLengthIsRefused() {
        for (int length : new int[] {-1, 0, LogFormat.PAGE_SIZE + 1, Integer.MIN_VALUE}) {
            Map<String, byte[]> s = withHeader(committed, h -> new LogHeader(h.format(), h.state(), h.identity(),
                    h.commitNumber(), h.dataSize(), h.newDataSize(), h.recordCount(), h.recordsStart(),
                    h.trailerOffset(), List.of(new PageFingerprint(0, length, 0))));
            FamsCorruptException e = assertThrows(FamsCorruptException.class,
                    () -> UndoProtocol.open(SimDisk.of(SimHeap.DIR, s), SimHeap.FILES, true, 0).close());
            assertTrue(e.getMessage().contains("fingerprint 0 names page 0 of " + length + " bytes"), e.getMessage());
        }
    }
}
