package dev.ferrite.runtime.compact;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.memory.HeapLayout;
import java.util.Arrays;

/**
 * Packs the heap strings that a sorted map owns as values into fewer slabs, once the map's
 * removals have freed half as many of them as it holds since it last did.
 *
 * <p>Removing a random half of a map's entries leaves every slab of its strings about half used,
 * and an allocator that keeps blocks where they are cannot give a page of them back: the space
 * would stay taken until a compaction. These strings, though, can move at any time: nothing but
 * their entry refers to them, since the map hands out copies. So the strings of the emptiest slabs
 * (those that hold the map's strings and nothing else, at most half used) move into the free
 * blocks of the other slabs of their size, and their entries are pointed at the new places.
 * The emptied pages go back to the file system once the next commit is durable, as every freed
 * page does; the moves are writes of that commit like the removals, so a crash keeps all or none.
 *
 * <p>It runs inside the removal that crosses the threshold, on the writer's thread, where no
 * reader may read the map (a commit changes no byte, so that readers may read during it). It
 * walks all the map's entries twice (a map of more than four million entries once more for every
 * 64 GiB of heap), which the threshold makes a constant cost per removal.
 *
 * <p>Moving a string costs about what writing it did, so the thresholds trade removals' speed for
 * space: removing a random half of a map of a million 100-byte strings, in key order, moves about
 * 145,000 of them and takes about 3 s where it took 0.8 s without packing, and the map's heap then
 * takes 1.26 times its live bytes on disk instead of 1.60 (see the README's disk space comparison).
 */
public final class MapValuePacking {
    /** Fewer frees than this never start a packing. */
    private static final long LEAST_FREED = 64;
    /** Slabs used more than this are left alone: moving their blocks frees too little for the bytes written. */
    private static final double MOST_USED = 0.5;
    /** A packing that would empty fewer slabs than this moves nothing. */
    private static final int LEAST_SLABS = 2;
    /** Maps of up to this many entries have their strings' pages sorted: 8 bytes an entry. */
    private static final long SORTED = 1 << 22;
    /** Larger maps have their strings counted per page of heap, in windows of this many pages: 2 bytes a page. */
    private static final int WINDOW = 1 << 24;

    private MapValuePacking() {}

    /**
     * Packs the strings of the map of {@code tree} if it has freed {@code freed} strings since it
     * last did and that is enough; for a heap that counts them ({@link BlockHeap#ownedStringFreed}).
     */
    public static void afterFree(BlockHeap heap, BPlusTree tree, long freed) {
        if (heap instanceof HeapCore core && freed >= LEAST_FREED && freed >= tree.size() / 2) {
            core.valueStringsPacked(tree.header());
            pack(core, tree);
        }
    }

    /** Moves the strings of the map's emptiest slabs into its other slabs; returns how many moved. */
    static long pack(HeapCore core, BPlusTree tree) {
        if (tree.size() <= SORTED) {
            return pack(core, tree, sortedPages(tree));
        }
        long moved = 0;
        long end = core.extent() >>> HeapLayout.PAGE_SHIFT;
        for (long from = 0; from < end; from += WINDOW) {
            moved += pack(core, tree, windowPages(tree, from, (int) Math.min(WINDOW, end - from)));
        }
        return moved;
    }

    /** The pages that hold strings of a map, ascending, with how many each holds. */
    private record Pages(long[] pages, int[] strings) {}

    /** The pages of the map's strings, found by sorting them: memory in proportion to the map. */
    private static Pages sortedPages(BPlusTree tree) {
        long[] pages = new long[(int) tree.size()];
        int count = 0;
        TreeCursor cursor = new TreeCursor(tree);
        for (cursor.first(); cursor.valid() && count < pages.length; cursor.next()) {
            if (cursor.payload() != 0) {
                pages[count++] = cursor.payload() >>> HeapLayout.PAGE_SHIFT;
            }
        }
        Arrays.sort(pages, 0, count);
        long[] distinct = new long[count];
        int[] strings = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (n == 0 || distinct[n - 1] != pages[i]) {
                distinct[n++] = pages[i];
            }
            strings[n - 1]++;
        }
        return new Pages(Arrays.copyOf(distinct, n), Arrays.copyOf(strings, n));
    }

    /** The pages of the map's strings among the {@code length} pages from {@code from}, counted per page. */
    private static Pages windowPages(BPlusTree tree, long from, int length) {
        char[] counts = new char[length];
        int pages = 0;
        TreeCursor cursor = new TreeCursor(tree);
        for (cursor.first(); cursor.valid(); cursor.next()) {
            long page = (cursor.payload() >>> HeapLayout.PAGE_SHIFT) - from;
            if (cursor.payload() != 0 && page >= 0 && page < length && counts[(int) page]++ == 0) {
                pages++;
            }
        }
        long[] used = new long[pages];
        int[] strings = new int[pages];
        for (int page = 0, i = 0; page < length; page++) {
            if (counts[page] > 0) {
                used[i] = from + page;
                strings[i++] = counts[page];
            }
        }
        return new Pages(used, strings);
    }

    /** Empties the sparse slabs among {@code found} into the other slabs of their sizes. */
    private static long pack(HeapCore core, BPlusTree tree, Pages found) {
        long[] emptied = core.emptySparseSlabs(found.pages(), found.strings(), MOST_USED, LEAST_SLABS);
        if (emptied.length == 0) {
            return 0;
        }
        long moved = 0;
        try {
            TreeCursor cursor = new TreeCursor(tree);
            for (cursor.first(); cursor.valid(); cursor.next()) {
                long string = cursor.payload();
                if (string != 0 && Arrays.binarySearch(emptied, string >>> HeapLayout.PAGE_SHIFT) >= 0) {
                    core.relocateBlockAt(cursor.payloadAddress());
                    moved++;
                }
            }
        } finally {
            core.endEmptying();
        }
        return moved;
    }
}
