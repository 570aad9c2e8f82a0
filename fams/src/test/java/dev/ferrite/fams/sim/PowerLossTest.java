package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.UndoProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Runs the real commit and recovery protocols on a {@link SimDisk} and, after every storage
 * operation, materialises the disks a power cut could leave at that instant, recovers each, and
 * asserts that the data file is exactly a commit that may legitimately be there: the last one that
 * returned, or the one in flight; never a mix, never an older one. A sample of those recoveries
 * is itself cut at every operation, and must end where the uninterrupted recovery ended.
 */
class PowerLossTest {
    private static final Path DIR = Path.of("/simulated");
    private static final LogFiles FILES = new LogFiles(DIR.resolve("heap.dat"));
    private static final int PAGE = Stamps.PAGE;

    @Test
    void everyCrashStateOfEveryCommitRecoversToACommit() throws IOException {
        Run run = new Run(0, 1);
        run.open();
        run.grow(16);
        run.commit(pages(0), pages());                 // growth 0 -> 16 pages, one page
        run.commit(pages(), pages());                  // nothing dirty
        run.commit(pages(3), pages());                 // one page
        run.commit(pages(3, 9), pages());              // two pages
        run.commit(pages(5), pages(3), 9);             // zero a page, fill a zero page, rewrite one identically
        run.reopen();
        run.grow(48);
        run.commit(LongStream.range(0, 48).filter(p -> p % 3 == 0).toArray(), pages(1)); // many runs + growth
        run.grow(320);
        run.commit(LongStream.range(0, 300).toArray(), pages()); // log larger than one write buffer
        run.reopen();
        // More pages than the header has fingerprints for, committed without a synced idle header:
        // the first commit after the next open must not overwrite its records while that header is unsynced.
        run.commit(LongStream.range(0, 40).toArray(), pages());
        run.reopen();
        run.commit(pages(1, 2), pages());
        // Without a reopen: 25 pages (more than the fingerprints) placed after the last records, then
        // commits that fit before them and after them again.
        run.commit(LongStream.range(100, 125).toArray(), pages());
        run.commit(pages(3), pages());
        run.commit(LongStream.range(200, 230).toArray(), pages());
        run.report("undo log, no retention");
    }

    /**
     * A truncation right after a commit (whose armed header may still be the one on disk), growth
     * again past the cut, a truncation after a reopen: every crash state recovers to the last commit,
     * at the old length (with the old bytes or zeros past the cut) or at the new one.
     */
    @Test
    void everyCrashStateOfATruncationRecoversToTheLastCommitAtEitherLength() throws IOException {
        Run run = new Run(0, 5);
        run.open();
        run.grow(16);
        run.commit(LongStream.range(0, 16).toArray(), pages());
        run.commit(pages(2, 7, 12), pages());           // pages past the cut that the last commit wrote
        run.truncate(6);
        run.commit(pages(3), pages());
        run.grow(12);                                  // growth past the cut again: zeros there
        run.commit(pages(1, 10), pages());
        run.reopen();
        run.truncate(4);
        run.truncate(4);                               // nothing to cut: no I/O
        run.reopen();
        run.commit(pages(0, 3), pages());
        run.report("undo log, truncation");
    }

    @Test
    void anOpenThatRetainsVersionsAfterOneThatDidNot() throws IOException {
        Run run = new Run(0, 3);
        run.open();
        run.grow(32);
        run.commit(LongStream.range(0, 32).toArray(), pages());
        run.commit(LongStream.range(0, 24).toArray(), pages()); // keeps the size: its idle header is not synced
        run.reopen(2);
        run.commit(pages(1, 30), pages());
        run.commit(pages(2), pages());
        run.reopen(0);
        run.commit(LongStream.range(4, 28).toArray(), pages());
        run.report("retention switched on and off between opens");
    }

    @Test
    void retentionAndRollbackToSurvivePowerLoss() throws IOException {
        Run run = new Run(2, 2);
        run.open();
        run.grow(8);
        run.commit(pages(0, 1), pages());
        run.commit(pages(1), pages());
        run.commit(pages(2), pages(0));
        run.grow(12);
        run.commit(pages(10), pages());
        assertEquals(List.of(2L, 3L, 4L), run.protocol.versions());
        run.rollbackTo(2);
        run.commit(pages(4), pages());
        run.reopen();
        assertEquals(List.of(2L, 3L), run.protocol.versions());
        run.report("undo logs retained");
    }

    @Test
    void randomWorkloadsWithReopens() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            java.util.Random random = new java.util.Random(seed);
            Run run = new Run((int) (seed % 2) * 3, seed);
            run.open();
            int size = 4;
            run.grow(size);
            for (int c = 0; c < 10; c++) {
                if (random.nextInt(4) == 0) {
                    size += 1 + random.nextInt(6);
                    run.grow(size);
                }
                int pageCount = size;
                long[] stamped = LongStream.range(0, pageCount).filter(p -> random.nextInt(3) == 0).toArray();
                long[] zeroed = LongStream.range(0, pageCount).filter(p -> random.nextInt(8) == 0)
                        .filter(p -> Arrays.stream(stamped).noneMatch(q -> q == p)).toArray();
                long[] same = LongStream.range(0, pageCount).filter(p -> random.nextInt(8) == 0).toArray();
                run.commit(stamped, zeroed, same);
                if (random.nextInt(5) == 0) {
                    run.reopen();
                }
            }
            run.report("random workload, seed " + seed);
        }
    }

    /**
     * Pages laid out like a heap's page 0, two halves each ending with its own CRC32C, share one
     * CRC32C whatever they hold: the log's checks of new contents must still tell each version of
     * such a page from the one before it, with and without retained undo logs.
     */
    @Test
    void pagesThatEndInTheirOwnChecksumsAreToldFromTheirPreviousVersions() throws IOException {
        for (int retain : new int[] {0, 2}) {
            Run run = new Run(retain, 7 + retain);
            run.open();
            run.grow(4);
            run.commitSelfChecked(0, 1, 2, 3);
            run.commitSelfChecked(0);
            run.commitSelfChecked(0, 2);
            run.reopen();
            run.commitSelfChecked(0);
            run.report("pages ending in their own checksums, " + retain + " retained");
        }
    }

    private static long[] pages(long... p) {
        return p;
    }

    /** One workload of the undo protocol on one simulated disk, checked after every operation. */
    private static final class Run extends PowerLossRun {
        private int retain;
        private UndoProtocol protocol;
        private long lastReturned;

        Run(int retain, long seed) {
            super(DIR, seed);
            this.retain = retain;
        }

        @Override
        long recoveredCommit(SimDisk d) throws IOException {
            try (UndoProtocol p = UndoProtocol.open(d, FILES, true, retain)) {
                return p.commitNumber();
            }
        }

        void open() throws IOException {
            protocol = UndoProtocol.open(disk, FILES, true, retain);
        }

        /** Reopens with another retention setting, as a new version of an application might. */
        void reopen(int newRetain) throws IOException {
            retain = newRetain;
            reopen();
        }

        void reopen() throws IOException {
            protocol.close();
            phase = "reopening after commit " + last();
            open();
            assertEquals(last(), protocol.commitNumber());
        }

        void grow(int pageCount) throws IOException {
            memory = Arrays.copyOf(memory, pageCount * PAGE);
            phase = "growing to " + pageCount + " pages after commit " + last();
            protocol.ensureSize(memory.length);
        }

        /** Cuts the file to {@code pageCount} pages, as {@code FamsFile.truncate} does. */
        void truncate(int pageCount) throws IOException {
            phase = "truncating to " + pageCount + " pages after commit " + last();
            beforeCut = disk.currentView().get("heap.dat").clone();
            memory = Arrays.copyOf(memory, Math.min(memory.length, pageCount * PAGE));
            images.set((int) last(), memory.clone());
            assertTrue(protocol.truncate(memory.length));
            beforeCut = null;
            assertEquals(null, Stamps.firstDifference(memory, disk.currentView().get("heap.dat")));
        }

        /** Stamps {@code stamped} pages, zeroes {@code zeroed} ones, rewrites {@code same} unchanged; commits them all. */
        void commit(long[] stamped, long[] zeroed, long... same) throws IOException {
            long next = last() + 1;
            long[] dirty = write(next, stamped, zeroed, same);
            images.add(memory.clone());
            allowed = Set.of(last(), next);
            phase = "commit " + next + " (" + dirty.length + " dirty pages)";
            long n = protocol.commit(dirty, (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer(),
                    memory.length);
            assertEquals(next, n);
            lastReturned = n;
            allowed = Set.of(n);
            assertEquals(null, Stamps.firstDifference(images.get((int) n), disk.currentView().get("heap.dat")));
        }

        /** Rewrites {@code selfChecked} with {@link Stamps#stampSelfChecked} and commits them. */
        void commitSelfChecked(long... selfChecked) throws IOException {
            for (long p : selfChecked) {
                Stamps.stampSelfChecked(memory, last() + 1, p);
            }
            commit(pages(), pages(), selfChecked);
        }

        void rollbackTo(long target) throws IOException {
            Set<Long> between = new TreeSet<>();
            for (long c = target; c <= last(); c++) {
                between.add(c);
            }
            allowed = between;
            phase = "rollback from " + last() + " to " + target;
            protocol.rollbackTo(target);
            images.subList((int) target + 1, images.size()).clear();
            memory = images.get((int) target).clone();
            lastReturned = target;
            allowed = Set.of(target);
        }

        private long last() {
            return lastReturned;
        }

        void report(String what) {
            printChecked("power loss (" + what + ")");
        }
    }
}
