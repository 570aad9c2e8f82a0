package dev.ferrite.runtime.alloc;

import dev.ferrite.runtime.memory.Regions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans a compaction in two steps, as the allocator will carry them out. First the slabs are
 * packed: the blocks of each size class move into the lowest slabs of that class that can hold
 * them all (the allocator fills the lowest partly used slab first), which empties the others
 * whole. Then the heap is cut: the lowest page such that every block on or above it fits into the
 * space below, blocks of several pages first, largest first, each into the smallest free run that
 * holds it (the allocator's best fit), small blocks into the free slots of their class below the
 * cut and the rest into whole free pages as new slabs.
 */
final class CompactionCut {
    private final PageTable table;
    private final FreeRuns freeRuns;
    private final long firstPage;
    private final long topPage;
    /** Per page from the first: in use once the slabs are packed (a run's page or a kept slab). */
    private final BitSet occupied = new BitSet();
    /** Per page from the first: the blocks a kept slab holds once the slabs are packed. */
    private final Map<Long, Integer> keptBlocks = new TreeMap<>();
    /** The runs: first page and pages. */
    private final List<long[]> runs = new ArrayList<>();
    private final List<Long> emptied = new ArrayList<>();

    /**
     * @param pinned pages holding a block that must not move: their slabs are kept
     */
    CompactionCut(PageTable table, FreeRuns freeRuns, Regions regions, long firstPage, long topPage,
            TreeSet<Long> pinned) {
        this.table = table;
        this.freeRuns = freeRuns;
        this.firstPage = firstPage;
        this.topPage = topPage;
        int classes = SizeClasses.count();
        List<List<Long>> slabs = new ArrayList<>();
        long[] live = new long[classes];
        for (int c = 0; c < classes; c++) {
            slabs.add(new ArrayList<>());
        }
        long page = firstPage;
        while (page < topPage) {
            if (!regions.isDataPage(page)) {
                // A later region's page table: never a place to move a block to.
                occupied.set(index(page));
                page++;
                continue;
            }
            switch (table.kind(page)) {
                case PageTable.SLAB -> {
                    slabs.get(table.sizeClass(page)).add(page);
                    live[table.sizeClass(page)] += table.used(page);
                    page++;
                }
                case PageTable.RUN -> {
                    int pages = table.runPages(page);
                    runs.add(new long[] {page, pages});
                    occupied.set(index(page), index(page + pages));
                    page += pages;
                }
                default -> page += Math.max(1, freeRuns.runAt(page));
            }
        }
        for (int c = 0; c < classes; c++) {
            int perSlab = SizeClasses.blocksPerSlab(c);
            long needed = (live[c] + perSlab - 1) / perSlab;
            List<Long> kept = new ArrayList<>();
            long moving = 0;
            for (long slab : slabs.get(c)) {
                if (kept.size() < needed || pinned.contains(slab)) {
                    kept.add(slab);
                } else {
                    emptied.add(slab);
                    moving += table.used(slab);
                }
            }
            // The moved blocks fill the kept slabs lowest first.
            for (long slab : kept) {
                int blocks = table.used(slab);
                int added = (int) Math.min(moving, perSlab - blocks);
                moving -= added;
                keptBlocks.put(slab, blocks + added);
                occupied.set(index(slab));
            }
        }
        emptied.sort(Comparator.naturalOrder());
    }

    private int index(long page) {
        return Math.toIntExact(page - firstPage);
    }

    /** The slab pages the first step empties, ascending. */
    long[] emptied() {
        return emptied.stream().mapToLong(Long::longValue).toArray();
    }

    /** The lowest page from {@code lowest} (at most the top page) at which the packed heap can be cut. */
    long lowest(long lowest) {
        long low = Math.clamp(lowest, firstPage, topPage);
        long high = topPage;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (fits(middle)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Whether, once the slabs are packed, every block that reaches page {@code cut} or above fits below it. */
    boolean fits(long cut) {
        int classes = SizeClasses.count();
        long[] freeSlots = new long[classes];
        long[] needed = new long[classes];
        for (Map.Entry<Long, Integer> slab : keptBlocks.entrySet()) {
            int sizeClass = table.sizeClass(slab.getKey());
            if (slab.getKey() < cut) {
                freeSlots[sizeClass] += SizeClasses.blocksPerSlab(sizeClass) - slab.getValue();
            } else {
                needed[sizeClass] += slab.getValue();
            }
        }
        TreeMap<Long, Long> holes = new TreeMap<>();
        int end = index(cut);
        for (int free = occupied.nextClearBit(0); free < end; ) {
            int used = Math.min(end, occupied.nextSetBit(free) < 0 ? end : occupied.nextSetBit(free));
            holes.merge((long) (used - free), 1L, Long::sum);
            free = occupied.nextClearBit(used);
        }
        List<Long> moving = new ArrayList<>();
        for (long[] run : runs) {
            if (run[0] + run[1] > cut) {
                moving.add(run[1]);
            }
        }
        moving.sort(Comparator.reverseOrder());
        for (long pages : moving) {
            Map.Entry<Long, Long> hole = holes.ceilingEntry(pages);
            if (hole == null) {
                return false;
            }
            holes.merge(hole.getKey(), -1L, (a, b) -> a + b == 0 ? null : a + b);
            if (hole.getKey() > pages) {
                holes.merge(hole.getKey() - pages, 1L, Long::sum);
            }
        }
        long freePages = 0;
        for (Map.Entry<Long, Long> hole : holes.entrySet()) {
            freePages += hole.getKey() * hole.getValue();
        }
        long newSlabs = 0;
        for (int c = 0; c < classes; c++) {
            long missing = needed[c] - freeSlots[c];
            if (missing > 0) {
                int perSlab = SizeClasses.blocksPerSlab(c);
                newSlabs += (missing + perSlab - 1) / perSlab;
            }
        }
        return newSlabs <= freePages;
    }
}
