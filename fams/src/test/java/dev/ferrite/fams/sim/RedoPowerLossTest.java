package dev.ferrite.fams.sim;

import static dev.ferrite.fams.log.RedoFrames.FRAMES_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.RedoProtocol;
import dev.ferrite.fams.protocol.UndoProtocol;
import dev.ferrite.fams.recovery.PageImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The write-ahead protocol on a {@link SimDisk}, checked like the undo protocol in
 * {@link PowerLossTest}: after every storage operation (commits, checkpoints, growth, recoveries)
 * every disk a power cut could leave is recovered, and the data file must then be exactly a
 * commit that may legitimately be there: with synchronous commits the last that returned or the
 * one in flight; with asynchronous ones any from the last durable one on. Unsynced log tails are
 * lost or torn at 512-byte sectors, frames of earlier generations stay in the reused log, and a
 * sample of the recoveries is itself cut at every operation and must converge. Every tenth state
 * is also opened read-only, whose view must be the same commit. As in {@code FamsFile}, every
 * writable open writes the log ahead with zeros (here one page of frames, doubled as frames reach
 * its end, up to the threshold), so the states include a zero tail lost, kept or torn, and its
 * extensions.
 */
class RedoPowerLossTest {
    private static final Path DIR = Path.of("/simulated");
    private static final LogFiles FILES = new LogFiles(DIR.resolve("heap.dat"));
    private static final int PAGE = Stamps.PAGE;
    /** Bytes of frames each writable open writes the log ahead for: small, so that commits double it. */
    private static final long PREALLOCATION = PAGE;

    @Test
    void everyCrashStateOfCommitsAndCheckpointsRecoversToACommit() throws IOException {
        Run run = new Run(3 * PAGE, 1);
        run.open();
        run.grow(16);
        run.commit(pages(0), pages(), false);            // growth, one whole page
        run.commit(pages(), pages(), false);             // nothing dirty: an empty frame
        run.commitLines(3, 0, 1, 63);                    // a few lines of one page
        run.commitLines(3, 1, 2);                        // the same page again: diffed against its held image
        run.commit(pages(3, 9), pages(5), false);        // past the threshold: a checkpoint follows
        run.commitLines(9, 10);
        run.checkpoint();
        run.checkpoint();                                // nothing since: no I/O
        run.reopen();
        run.grow(48);
        run.commit(LongStream.range(0, 48).filter(p -> p % 3 == 0).toArray(), pages(1), false);
        run.commitLines(47, 0, 63);
        run.reopen();                                    // frames replayed at open, log restarted
        run.commit(pages(2), pages(), false);
        run.report("redo log, synchronous commits");
    }

    /**
     * Truncations after a checkpoint, with growth past the cut again between them and a reopen:
     * every crash state recovers to the last commit, at the old length or at the new one.
     */
    @Test
    void everyCrashStateOfATruncationRecoversToTheLastCommitAtEitherLength() throws IOException {
        Run run = new Run(64 * PAGE, 5);
        run.open();
        run.grow(16);
        run.commit(LongStream.range(0, 16).toArray(), pages(), false);
        run.commit(pages(2, 7, 12), pages(), false);
        run.checkpoint();
        run.truncate(6);
        run.commit(pages(3), pages(), false);
        run.grow(12);                                  // growth past the cut again: zeros there
        run.commit(pages(1, 10), pages(), false);
        run.checkpoint();
        run.reopen();
        run.truncate(4);
        run.reopen();
        run.commit(pages(0, 3), pages(), false);
        run.report("redo log, truncation");
    }

    /**
     * Frames that pass the zeros written ahead double them (one page of frames, then two, four,
     * eight) without a checkpoint in between; power cuts keep, lose or tear the zeros and the frame
     * written after them.
     */
    @Test
    void thePreallocatedLogIsExtendedByDoublingUnderPowerCuts() throws IOException {
        Run run = new Run(32 * PAGE, 5);
        run.open();
        assertEquals(FRAMES_START + PREALLOCATION, run.logSize(), "the open wrote the log ahead");
        run.grow(12);
        for (int c = 0; c < 10; c++) {
            run.commit(pages(c), pages(), c % 3 == 1); // a frame of one page: about 4 KiB
        }
        run.reopen();
        run.commitLines(3, 7);
        assertEquals(List.of(FRAMES_START + 2 * PREALLOCATION, FRAMES_START + 4 * PREALLOCATION,
                FRAMES_START + 8 * PREALLOCATION, FRAMES_START + 16 * PREALLOCATION), run.logExtensions,
                "the zeros written ahead doubled as frames reached their end");
        run.report("preallocated log, doubled");
    }

    @Test
    void asynchronousCommitsLoseOnlyATailAndNeverAMix() throws IOException {
        Run run = new Run(1 << 20, 2);
        run.open();
        run.grow(8);
        run.commit(pages(0, 1, 2), pages(), false);
        run.commit(pages(1), pages(), true);
        run.commitLines(2, 5, 6, 7, true);
        run.commit(pages(3, 4), pages(0), true);
        run.sync();
        run.commitLines(4, 0, true);
        run.commit(pages(5), pages(), false);            // a synchronous commit makes the earlier ones durable
        run.commit(pages(6, 7), pages(), true);
        run.checkpoint();                                // syncs the asynchronous frames first
        run.commit(pages(1), pages(), true);
        run.commit(pages(2), pages(), true);
        run.reopen();
        run.report("redo log, asynchronous commits");
    }

    @Test
    void randomWorkloadsWithCheckpointsAndReopens() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            Run run = new Run((1 + random.nextInt(4)) * PAGE, seed);
            run.open();
            int size = 4;
            run.grow(size);
            for (int c = 0; c < 12; c++) {
                if (random.nextInt(4) == 0) {
                    size += 1 + random.nextInt(6);
                    run.grow(size);
                }
                int pageCount = size;
                boolean async = random.nextInt(3) == 0;
                if (random.nextBoolean()) {
                    run.commitLines(random.nextInt(pageCount), random.nextInt(64), random.nextInt(64), async);
                } else {
                    long[] stamped = LongStream.range(0, pageCount).filter(p -> random.nextInt(3) == 0).toArray();
                    long[] zeroed = LongStream.range(0, pageCount).filter(p -> random.nextInt(8) == 0)
                            .filter(p -> Arrays.stream(stamped).noneMatch(q -> q == p)).toArray();
                    run.commit(stamped, zeroed, async);
                }
                switch (random.nextInt(6)) {
                    case 0 -> run.reopen();
                    case 1 -> run.checkpoint();
                    case 2 -> run.sync();
                    default -> { }
                }
            }
            run.report("random workload, seed " + seed);
        }
    }

    /**
     * Entries inserted into and removed from pages of distinct bytes, as in a sorted node: a page
     * changed again in a generation is logged whole, and later shifts as moves. Power cuts during
     * the checkpoint leave data-file pages of later commits under frames whose moves read them,
     * so replay must rebuild those pages from their whole images in the log.
     */
    @Test
    void shiftedBytesLoggedAsMovesRecoverUnderPowerCuts() throws IOException {
        Run run = new Run(64 * PAGE, 6);
        run.open();
        run.grow(4);
        run.commitRandom(pages(0, 1, 2), false);             // first changes: runs of lines
        run.commitShifts(0, false, 1000, 40);                // changed again: the page whole
        run.commitShifts(0, false, 200, 40);                 // an insertion: a move
        run.commitShifts(0, false, 120, 40, 2600, -40);      // an insertion and a removal in one page
        run.commitShifts(1, false, 64, 40);                  // page 1 whole
        run.commitShifts(1, true, 3000, 24, 64, -16);        // asynchronous moves
        run.checkpoint();                                    // moved pages reach the data file
        run.commitShifts(0, false, 8, 40);                   // a new generation: lines first
        run.commitShifts(0, false, 400, 32);                 // then the page whole
        run.commitShifts(0, false, 1200, 40, 2000, 40);      // then moves again
        run.reopen();                                        // replayed from the whole image
        run.commitShifts(2, true, 16, 40);
        run.commitShifts(2, false, 3900, -100, 16, 40);
        run.checkpoint();
        run.report("moves of shifted bytes");
    }

    /** A file of the undo mode opened in the redo mode: recovered by the undo log, then given a redo log. */
    @Test
    void switchingFromTheUndoLogSurvivesPowerLoss() throws IOException {
        Run run = new Run(2 * PAGE, 4);
        try (UndoProtocol undo = UndoProtocol.open(run.disk, FILES, true, 0)) {
            run.memory = new byte[8 * PAGE];
            undo.ensureSize(run.memory.length);
            Stamps.stamp(run.memory, 1, 2);
            run.images.add(run.memory.clone());
            run.allowed = Set.of(0L, 1L);
            undo.commit(pages(2), (off, len) -> ByteBuffer.wrap(run.memory, (int) off, len), run.memory.length);
            run.lastReturned = 1;
            run.durable = 1;
            run.allowed = Set.of(1L);
        }
        run.phase = "switching from the undo log";
        run.open();
        assertTrue(!run.disk.currentView().containsKey("heap.dat.fams-log"), "the undo log is removed");
        run.commitLines(2, 3);
        run.reopen();
        run.report("switch from the undo log");
    }

    private static long[] pages(long... p) {
        return p;
    }

    /** One workload of the write-ahead protocol on one simulated disk, checked after every operation. */
    private static final class Run extends PowerLossRun {
        private final long threshold;
        private RedoProtocol protocol;
        long lastReturned;
        /** The last commit known durable. */
        long durable;
        private long readOnlyChecked;
        /** The log's sizes each time the zeros written ahead of it grew, after the first open. */
        final List<Long> logExtensions = new ArrayList<>();
        private long logSizeSeen = -1;

        Run(long threshold, long seed) {
            super(DIR, seed);
            this.threshold = threshold;
        }

        @Override
        long recoveredCommit(SimDisk d) throws IOException {
            try (RedoProtocol p = RedoProtocol.open(d, FILES, true, threshold, preallocation())) {
                return p.commitNumber();
            }
        }

        void open() throws IOException {
            protocol = RedoProtocol.open(disk, FILES, true, threshold, preallocation());
            // A writable open checkpoints: whatever it found is durable now.
            durable = protocol.commitNumber();
            allowed = Set.of(durable);
        }

        /** Like {@code FamsFile}: the preallocation, but never more than the threshold. */
        private long preallocation() {
            return Math.min(threshold, PREALLOCATION);
        }

        long logSize() {
            byte[] log = disk.currentView().get("heap.dat.fams-redo");
            return log == null ? -1 : log.length;
        }

        @Override
        void atOperation() {
            long logSize = logSize();
            if (logSizeSeen > 0 && logSize > logSizeSeen && protocol != null) {
                logExtensions.add(logSize);
            }
            logSizeSeen = logSize;
        }

        void reopen() throws IOException {
            protocol.close();
            phase = "reopening after commit " + lastReturned;
            allowed = range(durable, lastReturned);
            open();
            assertEquals(lastReturned, protocol.commitNumber(), "a process that closes cleanly loses nothing");
        }

        void grow(int pageCount) throws IOException {
            memory = Arrays.copyOf(memory, pageCount * PAGE);
            phase = "growing to " + pageCount + " pages after commit " + lastReturned;
            protocol.ensureSize(memory.length);
            durable = lastReturned; // the extension's log sync covers every frame before it
            allowed = range(durable, lastReturned);
        }

        /** Cuts the file to {@code pageCount} pages after a checkpoint, as {@code FamsFile.truncate} does. */
        void truncate(int pageCount) throws IOException {
            phase = "truncating to " + pageCount + " pages after commit " + lastReturned;
            beforeCut = disk.currentView().get("heap.dat").clone();
            memory = Arrays.copyOf(memory, Math.min(memory.length, pageCount * PAGE));
            images.set((int) lastReturned, memory.clone());
            assertTrue(protocol.truncate(memory.length));
            beforeCut = null;
            assertEquals(null, Stamps.firstDifference(memory, disk.currentView().get("heap.dat")));
        }

        void sync() throws IOException {
            phase = "sync after commit " + lastReturned;
            protocol.sync();
            durable = lastReturned;
            allowed = Set.of(durable);
        }

        void checkpoint() throws IOException {
            phase = "checkpoint after commit " + lastReturned;
            protocol.checkpoint();
            durable = lastReturned;
            allowed = Set.of(durable);
        }

        /** Writes {@code lines} (64-byte lines) of {@code page} with the next commit's stamp and commits. */
        void commitLines(long page, int... lines) throws IOException {
            commitLines(page, lines, false);
        }

        void commitLines(long page, int a, int b, boolean async) throws IOException {
            commitLines(page, new int[] {a, b}, async);
        }

        void commitLines(long page, int a, int b, int c, boolean async) throws IOException {
            commitLines(page, new int[] {a, b, c}, async);
        }

        void commitLines(long page, int a, boolean async) throws IOException {
            commitLines(page, new int[] {a}, async);
        }

        private void commitLines(long page, int[] lines, boolean async) throws IOException {
            long next = lastReturned + 1;
            ByteBuffer b = ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN);
            for (int line : lines) {
                b.putLong((int) (page * PAGE + line * 64L + 8), next << 32 | page);
            }
            finish(new long[] {page}, async);
        }

        /** Fills {@code pages} with random bytes and commits them. */
        void commitRandom(long[] pages, boolean async) throws IOException {
            Random random = new Random(lastReturned);
            for (long page : pages) {
                byte[] bytes = new byte[PAGE];
                random.nextBytes(bytes);
                System.arraycopy(bytes, 0, memory, (int) (page * PAGE), PAGE);
            }
            finish(pages, async);
        }

        /**
         * Shifts the bytes of {@code page} from each given offset by the given distance, as an
         * insertion (positive: the bytes after it move up, the gap gets new bytes) or a removal
         * (negative: the bytes after it move down, the end of the page gets new bytes); commits.
         */
        void commitShifts(long page, boolean async, int... offsetsAndShifts) throws IOException {
            Random random = new Random(lastReturned);
            int base = (int) (page * PAGE);
            for (int k = 0; k < offsetsAndShifts.length; k += 2) {
                int at = base + offsetsAndShifts[k];
                int shift = offsetsAndShifts[k + 1];
                byte[] fresh = new byte[Math.abs(shift)];
                random.nextBytes(fresh);
                if (shift > 0) {
                    System.arraycopy(memory, at, memory, at + shift, base + PAGE - at - shift);
                    System.arraycopy(fresh, 0, memory, at, shift);
                } else {
                    System.arraycopy(memory, at - shift, memory, at, base + PAGE - at + shift);
                    System.arraycopy(fresh, 0, memory, base + PAGE + shift, -shift);
                }
            }
            finish(new long[] {page}, async);
        }

        /** Stamps {@code stamped} pages, zeroes {@code zeroed} ones; commits them all. */
        void commit(long[] stamped, long[] zeroed, boolean async) throws IOException {
            finish(write(lastReturned + 1, stamped, zeroed), async);
        }

        private void finish(long[] dirty, boolean async) throws IOException {
            long next = lastReturned + 1;
            images.add(memory.clone());
            allowed = range(durable, next);
            phase = (async ? "asynchronous " : "") + "commit " + next + " (" + dirty.length + " dirty pages)";
            long n = protocol.commit(dirty, (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer(),
                    memory.length, !async);
            assertEquals(next, n);
            lastReturned = n;
            if (!async) {
                durable = n;
            }
            allowed = range(durable, n);
            if (protocol.checkpointDue()) {
                phase = "checkpoint past the threshold after commit " + n;
                protocol.checkpoint();
                durable = n;
                allowed = Set.of(n);
            }
        }

        private static Set<Long> range(long from, long to) {
            Set<Long> s = new TreeSet<>();
            for (long c = from; c <= to; c++) {
                s.add(c);
            }
            return s;
        }

        /** A read-only open of the same state shows a legitimate commit in its view and changes nothing. */
        @Override
        void checkSample(Map<String, byte[]> state) {
            if (!state.containsKey("heap.dat") || !state.containsKey("heap.dat.fams-redo")) {
                return;
            }
            SimDisk d = SimDisk.of(DIR, state);
            try (RedoProtocol p = RedoProtocol.open(d, FILES, false, threshold)) {
                long n = p.commitNumber();
                assertTrue(allowed.contains(n), "read-only during " + phase + ": commit " + n + ", expected " + allowed);
                byte[] view = Arrays.copyOf(state.get("heap.dat"), (int) p.committedSize());
                for (PageImage img : p.overlay()) {
                    System.arraycopy(img.bytes(), 0, view, (int) img.offset(), img.bytes().length);
                }
                assertEquals(null, Stamps.firstDifference(images.get((int) n), view),
                        "read-only during " + phase + ": the view of commit " + n + " differs");
                readOnlyChecked++;
            } catch (dev.ferrite.fams.FamsException e) {
                // A file shorter than its last commit (an extension a power cut took) needs a writable open.
                assertTrue(e.getMessage().contains("open it writable once"), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (var e : state.entrySet()) {
                assertTrue(Arrays.equals(e.getValue(), d.currentView().get(e.getKey())), "read-only changed " + e.getKey());
            }
        }

        void report(String what) {
            printChecked("redo power loss (" + what + ", " + readOnlyChecked + " crash states also opened read-only)");
        }
    }
}
