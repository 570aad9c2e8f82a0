package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sorted map of the format that keeps each string in a heap block of its own (maps created by
 * releases before leaf strings, see {@link EarlierStringMaps}) packs the strings it owns as values
 * once its removals have freed many: after a
 * random half of the entries of a map of 100-byte strings is removed, few free blocks are left in
 * the slabs that hold the rest, and the commit gives the emptied pages back to the file system,
 * while every value reads as before, through the map, through an iterator that was open across the
 * removals that moved them, after a reopen and after a rollback.
 */
class MapValuePackingTest {
    private static final int ENTRIES = 40_000;
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static String value(long key, char fill) {
        String digits = Long.toString(key);
        return digits + String.valueOf(fill).repeat(100 - digits.length());
    }

    /**
     * A child JVM commits steps that add 1,200 entries or remove a random half of them, so that
     * every other commit packs strings, and is killed at instants no code chose: the reopened map
     * is exactly the one of a step at or after the last the child reported, and verifies clean.
     */
    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aWriterKilledWhileCommitsPackStringsLeavesAWholeStep(CommitMode mode) throws Exception {
        killFourTimes(mode, dir.resolve(mode.name().toLowerCase(java.util.Locale.ROOT) + ".heap"));
    }

    /**
     * The same steps on a map of leaf strings, the format maps are created in now, whose removals
     * merge leaves and whose additions split them, values moving with their entries.
     */
    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aWriterKilledWhileCommitsSplitAndMergeLeavesOfStringsLeavesAWholeStep(CommitMode mode) throws Exception {
        killFourTimes(mode, dir.resolve(mode.name().toLowerCase(java.util.Locale.ROOT) + "-leaf.heap"));
    }

    /** Runs the child on {@code path} and kills it, four times, checking the heap after each. */
    private static void killFourTimes(CommitMode mode, Path path) throws Exception {
        for (int kill = 0; kill < 4; kill++) {
            long reported = CommittingChild.runAndKill(PackingChild.class, path, 3 + kill);
            try (Heap heap = Heap.open(path, HeapOptions.builder().commitMode(mode).build())) {
                PersistentSortedMap<Long, String> map = PackingChild.map(heap, path);
                long step = PackingChild.step(map);
                assertTrue(step >= reported, "step " + step + " after step " + reported + " was reported committed");
                assertEquals(new ArrayList<>(PackingChild.expected(step).entrySet()), new ArrayList<>(map.entrySet()));
                assertEquals(List.of(), heap.verify());
            }
        }
    }

    /**
     * The child of {@link #aWriterKilledWhileCommitsPackStringsLeavesAWholeStep} and {@link
     * #aWriterKilledWhileCommitsSplitAndMergeLeavesOfStringsLeavesAWholeStep}: steps on from the
     * step its heap holds.
     */
    static final class PackingChild {
        private static final int ADDED = 1200;

        public static void main(String[] args) {
            Path path = Path.of(args[0]);
            CommitMode mode = path.getFileName().toString().startsWith("redo") ? CommitMode.REDO : CommitMode.UNDO;
            try (Heap heap = Heap.open(path, HeapOptions.builder().commitMode(mode).build())) {
                PersistentSortedMap<Long, String> map = map(heap, path);
                for (long step = step(map) + 1; ; step++) {
                    apply(map, step);
                    heap.commit();
                    System.out.println("committed " + step);
                }
            }
        }

        /** A heap whose name ends in {@code -leaf.heap} holds a map of leaf strings, others one of the earlier format. */
        static PersistentSortedMap<Long, String> map(Heap heap, Path path) {
            return path.getFileName().toString().endsWith("-leaf.heap")
                    ? PersistentSortedMap.root(heap, "values", KeyType.LONG, ValueType.STRING)
                    : EarlierStringMaps.root(heap, "values");
        }

        /** The last step the map holds: the value under key -1. */
        static long step(Map<Long, String> map) {
            String step = map.get(-1L);
            return step == null ? 0 : Long.parseLong(step);
        }

        /** Step {@code step}: an odd one adds 1,200 keys above the others, an even one removes a random half. */
        static void apply(Map<Long, String> map, long step) {
            if (step % 2 == 1) {
                for (long k = step * ADDED; k < (step + 1) * ADDED; k++) {
                    map.put(k, value(k, (char) ('a' + step % 26)));
                }
            } else {
                for (long k : new ArrayList<>(map.keySet())) {
                    if (k >= 0 && Long.hashCode(k * 0x9E3779B97F4A7C15L + step) % 2 == 0) {
                        map.remove(k);
                    }
                }
            }
            map.put(-1L, Long.toString(step));
        }

        static TreeMap<Long, String> expected(long steps) {
            TreeMap<Long, String> map = new TreeMap<>();
            for (long step = 1; step <= steps; step++) {
                apply(map, step);
            }
            return map;
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aRandomHalfRemovedLeavesTheRestPackedAndGivesThePagesBack(CommitMode mode) throws Exception {
        Path path = dir.resolve("values.heap");
        HeapOptions options = HeapOptions.builder().commitMode(mode).build();
        TreeMap<Long, String> expected = new TreeMap<>();
        long before;
        try (Heap heap = Heap.open(path, options)) {
            PersistentSortedMap<Long, String> map = EarlierStringMaps.root(heap, "values");
            for (long k = 0; k < ENTRIES; k++) {
                map.put(k, value(k, 'a'));
                expected.put(k, value(k, 'a'));
            }
            heap.commit();
            heap.checkpoint();
            before = SpaceReleaseTest.diskBytes(path);
            long stringBytes = ENTRIES * 112L;
            assertTrue(before >= stringBytes, "the strings are on disk: " + before);

            // Removed through an iterator, which reads on past the strings its removals moved.
            SplittableRandom random = new SplittableRandom(5);
            Iterator<Map.Entry<Long, String>> entries = map.entrySet().iterator();
            for (Map.Entry<Long, String> model : new ArrayList<>(expected.entrySet())) {
                assertEquals(model, entries.next());
                if (random.nextBoolean()) {
                    entries.remove();
                    expected.remove(model.getKey());
                }
            }
            assertTrue(!entries.hasNext());
            heap.commit();
            // The undo mode gives back the pages the last commit wrote after the next one.
            heap.commit();
            heap.checkpoint();

            HeapSpace space = heap.space();
            long inPartPages = space.freeBytes() - space.freePageBytes();
            // Without packing half the string bytes would be free slots in partly used pages; the
            // slabs at most half used are emptied, and those a little fuller keep their holes.
            assertTrue(inPartPages < stringBytes / 4,
                    "the half-used slabs were packed: " + inPartPages + " free bytes in partly used pages, " + space);
            long after = SpaceReleaseTest.diskBytes(path);
            assertTrue(after <= before - stringBytes * 3 / 10, "the emptied pages went back: " + before + " -> " + after);
            assertEquals(List.of(), heap.verify());
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));

            // Removals rolled back pack nothing: the next commit finds the map as it was.
            for (long k = 0; k < ENTRIES; k += 3) {
                map.remove(k);
            }
            heap.rollback();
            map.put(-1L, value(-1, 'b'));
            expected.put(-1L, value(-1, 'b'));
            heap.commit();
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));
        }
        try (Heap heap = Heap.open(path, options)) {
            PersistentSortedMap<Long, String> map = EarlierStringMaps.root(heap, "values");
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));
            assertEquals(List.of(), heap.verify());
        }
    }
}
