package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.testing.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Heap#compact()} moves the blocks above the free space down, and every kind of reference
 * still leads to the same data afterwards, also after reopening; the file's disk usage shrinks;
 * {@link Heap#planCompaction()} changes nothing; a heap with problems or uncommitted changes is
 * refused.
 */
class CompactionTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static HeapOptions options(CommitMode mode) {
        return HeapOptions.builder().capacity(64 * MIB).commitMode(mode).build();
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void compactionMovesBlocksDownAndEveryReferenceStillLeadsToTheSameData(CommitMode mode) throws Exception {
        Path path = dir.resolve("compact.heap");
        String before;
        CompactionReport report;
        try (Heap heap = Heap.open(path, options(mode))) {
            CompactionFixture.build(heap);
            heap.checkpoint();
            before = CompactionFixture.describe(heap);
            long diskBefore = SpaceReleaseTest.diskBytes(path);
            report = heap.compact();
            assertFalse(report.dryRun());
            assertTrue(report.blocksMoved() > CompactionFixture.RECORDS, report.toString());
            assertTrue(report.referencesRewritten() > CompactionFixture.RECORDS, report.toString());
            assertTrue(report.gain() >= 256 * 1024, report.toString());
            assertEquals(report.extentAfter(), heap.space().extent());
            assertEquals(List.of(), heap.verify());
            assertEquals(before, CompactionFixture.describe(heap));
            long diskAfter = SpaceReleaseTest.diskBytes(path);
            // The fixture's large filler went back when it was freed; the small filler's partly used pages now.
            assertTrue(diskAfter <= diskBefore - 256 * 1024, "disk " + diskBefore + " -> " + diskAfter
                    + " for " + report);

            // The pages above the new end read as zeros: records allocated there hold what is written.
            Account chain = heap.root("chain", Account.class);
            for (int i = 0; i < 200; i++) {
                Account a = heap.allocate(Account.class);
                a.memo("after " + i + "y".repeat(5000));
                a.referrer(chain.referrer());
                chain.referrer(a);
            }
            heap.commit();
            Account a = chain.referrer();
            for (int i = 199; i >= 0; i--, a = a.referrer()) {
                assertEquals("after " + i + "y".repeat(5000), a.memo());
                assertEquals(0, a.balance());
            }
            assertEquals(List.of(), heap.verify());
        }
        try (Heap heap = Heap.open(path, options(mode))) {
            assertEquals(List.of(), heap.verify());
            Account chain = heap.root("chain", Account.class);
            for (int i = 0; i < 200; i++) {
                Account a = chain.referrer();
                chain.referrer(a.referrer());
                heap.free(a);
            }
            heap.commit();
            assertEquals(before, CompactionFixture.describe(heap));
        }
        assertTrue(HeapVerifier.verify(path).clean());
    }

    /** {@code k} and 90 letters drawn at random, which the map cannot keep compressed. */
    private static String incompressible(long k) {
        SplittableRandom random = new SplittableRandom(k);
        StringBuilder value = new StringBuilder().append(k);
        for (int i = 0; i < 90; i++) {
            value.append((char) ('a' + random.nextInt(26)));
        }
        return value.toString();
    }

    /**
     * Deletes leave a map's leaves partly empty; a compaction packs them full first, so it gains
     * their pages too, and the map holds the same entries and goes on working.
     */
    @Test
    void compactionPacksTheLeavesOfSortedMaps() throws Exception {
        Path path = dir.resolve("leaves.heap");
        TreeMap<Long, String> expected = new TreeMap<>();
        try (Heap heap = Heap.open(path)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.root(heap, "records", KeyType.LONG,
                    ValueType.STRING);
            for (long k = 0; k < 20_000; k++) {
                map.put(k, incompressible(k));
                expected.put(k, incompressible(k));
            }
            // Three keys in ten removed leave each leaf 70% full, above the two thirds below which a
            // removal merges leaves.
            for (long k = 0; k < 20_000; k++) {
                if (k % 10 < 3) {
                    map.remove(k);
                    expected.remove(k);
                }
            }
            heap.commit();
            long live = heap.space().liveBytes();
            long fileBefore = heap.space().fileSize();
            heap.compact();
            // 20,000 entries of about 110 bytes filled 556 leaves of 36; the 14,000 left fill 389.
            HeapSpace space = heap.space();
            long gained = live - space.liveBytes();
            assertTrue(gained >= 22 * 4096, gained + " bytes of blocks gained");
            // The leaves the packing emptied are given back: those below the new end as
            // holes, those above it with the cut file.
            assertTrue(space.fileSize() < fileBefore, fileBefore + " -> " + space);
            assertTrue(space.diskUsage() <= space.extent() - space.freePageBytes() + 64 * 1024, space.toString());
            map = PersistentSortedMap.root(heap, "records", KeyType.LONG, ValueType.STRING);
            assertEquals(expected, new TreeMap<>(map));
            assertEquals(List.of(), heap.verify());
            for (long k = 20_000; k < 21_000; k++) {
                map.put(k - 19_000, "again");
                expected.put(k - 19_000, "again");
                map.remove(k - 10_000);
                expected.remove(k - 10_000);
            }
            heap.commit();
        }
        try (Heap heap = Heap.open(path)) {
            assertEquals(expected, new TreeMap<>(PersistentSortedMap.root(heap, "records", KeyType.LONG,
                    ValueType.STRING)));
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatACompactionWouldGain() throws Exception {
        Path path = dir.resolve("plan.heap");
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            CompactionFixture.build(heap);
        }
        Path copy = dir.resolve("copy.heap");
        Files.copy(path, copy);
        CompactionReport plan;
        try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
            plan = heap.planCompaction();
        }
        assertEquals(-1, Files.mismatch(path, copy), "the dry run changed the file");
        assertTrue(plan.dryRun());
        assertTrue(plan.blocksMoved() > 0 && plan.gain() >= 256 * 1024, plan.toString());
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            CompactionReport done = heap.compact();
            // The compaction packs the maps' leaves first, which the dry run leaves out: it moves
            // fewer of them, and gains at least what the dry run says.
            assertEquals(plan.extentBefore(), done.extentBefore());
            assertTrue(done.extentAfter() <= plan.extentAfter(), plan + " " + done);
            CompactionReport again = heap.planCompaction();
            assertEquals(0, again.gain(), "a compacted heap has nothing to gain: " + again);
        }
    }

    @Test
    void aDryRunCountsTheMapNodesThatPackingLeavesWouldFree() throws Exception {
        Path path = dir.resolve("sparse.heap");
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.root(heap, "map", KeyType.LONG, ValueType.LONG);
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 40_000; i++) {
                map.putLong(random.nextLong(1_000_000), i);
            }
            // three keys in ten removed leave leaves partly empty, yet above the two thirds below
            // which a removal merges them
            map.keySet().removeIf(k -> k % 10 < 3);
            heap.commit();
        }
        CompactionReport plan;
        try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
            plan = heap.planCompaction();
        }
        // random keys split leaves, which end half to wholly full, and the removals empty more
        assertTrue(plan.mapNodeBytes() >= 20 * 4096L, plan.toString());
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            CompactionReport done = heap.compact();
            assertEquals(plan.mapNodeBytes(), done.mapNodeBytes(), plan + " " + done);
            assertEquals(0, heap.planCompaction().mapNodeBytes(), "packed leaves have nothing more to free");
        }
    }

    @Test
    void aCompactionReturnsWhileAReadOnlyOpenOfTheHeapIsOpen() throws Exception {
        Path path = dir.resolve("read.heap");
        String content;
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            CompactionFixture.build(heap);
            content = CompactionFixture.describe(heap);
            try (Heap reader = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
                // Bounded, so that a compaction that waits for the reader fails instead of hanging.
                CompactionReport report = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> heap.compact());
                assertTrue(report.gain() > 0, report.toString());
                assertEquals(content, CompactionFixture.describe(reader), "the reader keeps the commit it opened at");
            }
            assertEquals(content, CompactionFixture.describe(heap));
        }
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            assertEquals(content, CompactionFixture.describe(heap));
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void aHeapWithALeakOrUncommittedChangesIsNotCompacted() throws Exception {
        Path path = dir.resolve("leak.heap");
        try (Heap heap = Heap.open(path, options(CommitMode.REDO))) {
            CompactionFixture.build(heap);
            String before = CompactionFixture.describe(heap);
            heap.allocate(Account.class).memo("not linked");
            IllegalStateException uncommitted = assertThrows(IllegalStateException.class, heap::compact);
            assertTrue(uncommitted.getMessage().contains("not committed"), uncommitted.getMessage());
            heap.commit();
            long extent = heap.space().extent();
            IllegalStateException leak = assertThrows(IllegalStateException.class, heap::compact);
            assertTrue(leak.getMessage().contains("not reachable from any root"), leak.getMessage());
            assertEquals(extent, heap.space().extent());
            assertEquals(before, CompactionFixture.describe(heap));
        }
    }
}
