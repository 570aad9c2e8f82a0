package dev.ferrite.runtime.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds where a compaction can cut the heap: the lowest page such that every block on or above it
 * fits into the free space below it, as the allocator would place them there. Blocks of several
 * pages go first, largest first, each into the smallest free run that holds it (the allocator's
 * best fit); small blocks fill the free slots of their size class in the slabs below the cut, and
 * the rest take whole free pages as new slabs.
 */
final class CompactionCut {
    private final PageTable table;
    private final FreeRuns freeRuns;
    private final long firstPage;
    private final long topPage;

    CompactionCut(PageTable table, FreeRuns freeRuns, long firstPage, long topPage) {
        this.table = table;
        this.freeRuns = freeRuns;
        this.firstPage = firstPage;
        this.topPage = topPage;
    }

    /** The lowest page from {@code lowest} (at most the top page) at which the heap can be cut. */
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

    /** Whether every block that reaches page {@code cut} or above fits below it. */
    boolean fits(long cut) {
        int classes = SizeClasses.count();
        long[] freeSlots = new long[classes];
        long[] needed = new long[classes];
        TreeMap<Long, Long> holes = new TreeMap<>();
        List<Integer> runs = new ArrayList<>();
        long page = firstPage;
        while (page < topPage) {
            switch (table.kind(page)) {
                case PageTable.SLAB -> {
                    int sizeClass = table.sizeClass(page);
                    if (page < cut) {
                        freeSlots[sizeClass] += SizeClasses.blocksPerSlab(sizeClass) - table.used(page);
                    } else {
                        needed[sizeClass] += table.used(page);
                    }
                    page++;
                }
                case PageTable.RUN -> {
                    int pages = table.runPages(page);
                    if (page + pages > cut) {
                        runs.add(pages);
                    }
                    page += pages;
                }
                default -> {
                    long free = Math.max(1, freeRuns.runAt(page));
                    if (page < cut) {
                        holes.merge(Math.min(free, cut - page), 1L, Long::sum);
                    }
                    page += free;
                }
            }
        }
        runs.sort(Comparator.reverseOrder());
        for (int pages : runs) {
            Map.Entry<Long, Long> hole = holes.ceilingEntry((long) pages);
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
