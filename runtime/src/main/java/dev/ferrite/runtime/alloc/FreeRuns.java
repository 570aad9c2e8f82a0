package dev.ferrite.runtime.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The free pages below the top, as maximal runs: indexed by address to merge neighbours, and by
 * length for best fit, so taking pages costs O(log n) however fragmented the heap is. Lives in
 * memory only; the page table is the persistent truth.
 */
final class FreeRuns {
    private record Run(long pages, long first) {}

    private static final Comparator<Run> BY_SIZE = Comparator.comparingLong(Run::pages).thenComparingLong(Run::first);

    private final TreeMap<Long, Long> byAddress = new TreeMap<>();
    private final TreeSet<Run> bySize = new TreeSet<>(BY_SIZE);
    private long totalPages;

    /** Adds {@code pages} free pages from {@code first}, merged with free neighbours. */
    void add(long first, long pages) {
        long start = first;
        long length = pages;
        Map.Entry<Long, Long> before = byAddress.floorEntry(first);
        if (before != null && before.getKey() + before.getValue() == first) {
            remove(before.getKey(), before.getValue());
            start = before.getKey();
            length += before.getValue();
        }
        Long after = byAddress.get(first + pages);
        if (after != null) {
            remove(first + pages, after);
            length += after;
        }
        insert(start, length);
        totalPages += pages;
    }

    /**
     * Takes {@code pages} pages from the smallest run that holds them (the lowest such run among
     * equals) and returns the first, or -1 if no run is long enough.
     */
    long take(long pages) {
        Run run = bySize.ceiling(new Run(pages, 0));
        if (run == null) {
            return -1;
        }
        remove(run.first(), run.pages());
        if (run.pages() > pages) {
            insert(run.first() + pages, run.pages() - pages);
        }
        totalPages -= pages;
        return run.first();
    }

    private void insert(long first, long pages) {
        byAddress.put(first, pages);
        bySize.add(new Run(pages, first));
    }

    private void remove(long first, long pages) {
        byAddress.remove(first);
        bySize.remove(new Run(pages, first));
    }

    /**
     * Moves the free pages from {@code page} up into a new instance, which it returns: a run that
     * crosses {@code page} is split there.
     */
    FreeRuns splitOff(long page) {
        FreeRuns upper = new FreeRuns();
        for (Map.Entry<Long, Long> run : new ArrayList<>(byAddress.tailMap(lowerStart(page), true).entrySet())) {
            long first = run.getKey();
            long pages = run.getValue();
            if (first + pages <= page) {
                continue;
            }
            remove(first, pages);
            totalPages -= pages;
            if (first < page) {
                insert(first, page - first);
                totalPages += page - first;
                upper.add(page, first + pages - page);
            } else {
                upper.add(first, pages);
            }
        }
        return upper;
    }

    /** The start of the run holding {@code page} if there is one, else {@code page}. */
    private long lowerStart(long page) {
        Map.Entry<Long, Long> before = byAddress.floorEntry(page);
        return before != null && before.getKey() + before.getValue() > page ? before.getKey() : page;
    }

    /** The length of the free run that starts at page {@code first}, or 0 if none starts there. */
    long runAt(long first) {
        return byAddress.getOrDefault(first, 0L);
    }

    /** The maximal free run holding {@code page}, as {@code {first, pages}}, or null if it is not free. */
    long[] runHolding(long page) {
        Map.Entry<Long, Long> run = byAddress.floorEntry(page);
        return run != null && run.getKey() + run.getValue() > page ? new long[] {run.getKey(), run.getValue()} : null;
    }

    /** Every free run, as {@code {first, pages}}, in address order. */
    List<long[]> all() {
        List<long[]> all = new ArrayList<>(byAddress.size());
        byAddress.forEach((first, pages) -> all.add(new long[] {first, pages}));
        return all;
    }

    /** The number of free pages in all runs. */
    long totalPages() {
        return totalPages;
    }
}
