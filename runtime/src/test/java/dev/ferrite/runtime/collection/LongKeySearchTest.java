package dev.ferrite.runtime.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The long-key node search gives exactly {@link Arrays#binarySearch}'s answer for every probe, on
 * nodes of every size a tree makes, with keys spread evenly, in runs and so unevenly that the
 * interpolated probe lands far from the key; and {@link LongKeyFormat#searchBelow} gives it whatever
 * bound it is handed: the one a parent gives, one far above the node, one inside or below it.
 */
class LongKeySearchTest {
    private static final int ENTRY = 16;
    private static final int[] COUNTS = {1, 2, 3, 16, 17, 18, 19, 40, 85, 127, 200, 253, 254};

    @Test
    void evenlySpreadKeys() {
        SplittableRandom random = new SplittableRandom(3);
        checkAllSizes(random::nextLong);
    }

    @Test
    void consecutiveKeysAndRuns() {
        long[] next = {-100};
        checkAllSizes(() -> next[0]++);
        long[] run = {0};
        SplittableRandom random = new SplittableRandom(4);
        checkAllSizes(() -> run[0] += random.nextInt(10) == 0 ? 1_000_000 : 1);
    }

    @Test
    void keysSoUnevenThatTheProbeMisses() {
        SplittableRandom random = new SplittableRandom(5);
        // a few huge keys among small ones: the probe lands near the start, far from most keys
        checkAllSizes(() -> random.nextInt(20) == 0 ? random.nextLong() : random.nextLong(-1_000, 1_000));
        // the extremes of the range, where the interpolation's arithmetic is most strained
        checkAllSizes(() -> random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(500) : Long.MAX_VALUE - random.nextInt(500));
    }

    private static void checkAllSizes(LongSupplier keys) {
        for (int count : COUNTS) {
            TreeSet<Long> distinct = new TreeSet<>();
            while (distinct.size() < count) {
                distinct.add(keys.getAsLong());
            }
            check(distinct.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** Searches a node holding {@code sorted} for each key, its neighbours and the extremes. */
    private static void check(long[] sorted) {
        try (Arena arena = Arena.ofConfined()) {
            // the node sits at a nonzero offset, as in a heap, with its entries after a header
            long entries = 24;
            MemorySegment node = arena.allocate(entries + (long) sorted.length * ENTRY);
            for (int i = 0; i < sorted.length; i++) {
                node.set(LittleEndian.LONG, entries + (long) i * ENTRY, sorted[i]);
                node.set(LittleEndian.LONG, entries + (long) i * ENTRY + 8, ~sorted[i]);
            }
            long last = sorted[sorted.length - 1];
            long[] bounds = {
                last == Long.MAX_VALUE ? last : last + 1, // a parent's separator right after the node
                Long.MAX_VALUE, // a separator far above, as after removals
                sorted[0], // wrong bounds: inside the node and at or below its first key
                sorted[sorted.length / 2],
                Long.MIN_VALUE,
            };
            for (long key : sorted) {
                for (long probe : new long[] {key, key - 1, key + 1, Long.MIN_VALUE, Long.MAX_VALUE, key / 2}) {
                    int expected = Arrays.binarySearch(sorted, probe);
                    String where = "probe " + probe + " in " + sorted.length + " keys from " + sorted[0] + " to " + last;
                    assertEquals(expected, LongKeyFormat.searchLong(node, entries, sorted.length, ENTRY, probe), where);
                    for (long bound : bounds) {
                        assertEquals(expected,
                                LongKeyFormat.searchBelow(node, entries, sorted.length, ENTRY, probe, bound),
                                where + " below " + bound);
                    }
                }
            }
        }
    }
}
