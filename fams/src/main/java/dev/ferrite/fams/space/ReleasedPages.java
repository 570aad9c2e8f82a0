package dev.ferrite.fams.space;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pages whose committed contents the file's user no longer needs, waiting until punching them out
 * of the file is safe. Each run carries the commit from which it may be punched: while an earlier
 * state can still be recovered or rolled back to, its bytes may be needed. A page the file writes
 * again is taken out: it holds data once more.
 */
public final class ReleasedPages {
    /** A run of pages, from {@code first}, that may be punched once commit {@code after} is safe. */
    public record Run(long first, long pages, long after) {}

    private final TreeMap<Long, Run> runs = new TreeMap<>();
    /**
     * No run waits for an earlier commit than this, so that {@link #due} returns at once while
     * nothing is due, however many runs wait (a writable open releases every free run).
     */
    private long earliest = Long.MAX_VALUE;

    /** Adds the run; pages already waiting keep the later of their two commits. */
    public void add(long first, long pages, long after) {
        if (pages <= 0) {
            return;
        }
        List<Run> overlapped = cut(first, first + pages);
        long at = first;
        for (Run old : overlapped) {
            if (old.first() > at) {
                put(at, old.first() - at, after);
            }
            put(old.first(), old.pages(), Math.max(after, old.after()));
            at = old.first() + old.pages();
        }
        if (at < first + pages) {
            put(at, first + pages - at, after);
        }
    }

    /** Takes out the pages listed in {@code pages} (ascending): they were written again. */
    public void written(long[] pages) {
        for (long page : pages) {
            if (!runs.isEmpty()) {
                cut(page, page + 1);
            }
        }
    }

    /** Removes and returns the runs whose commit is at most {@code safe}, in address order. */
    public List<Run> due(long safe) {
        List<Run> due = new ArrayList<>();
        if (earliest > safe) {
            return due;
        }
        earliest = Long.MAX_VALUE;
        for (Iterator<Run> i = runs.values().iterator(); i.hasNext(); ) {
            Run run = i.next();
            if (run.after() <= safe) {
                due.add(run);
                i.remove();
            } else {
                earliest = Math.min(earliest, run.after());
            }
        }
        return due;
    }

    /** Forgets the pages from {@code page} on: the file was cut there. */
    public void forgetFrom(long page) {
        if (!runs.isEmpty()) {
            cut(page, Long.MAX_VALUE);
        }
    }

    /** Forgets every run, as after a rollback to an earlier commit. */
    public void clear() {
        runs.clear();
        earliest = Long.MAX_VALUE;
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** Removes the pages in {@code [from, to)}, returning the parts of runs that were there. */
    private List<Run> cut(long from, long to) {
        List<Run> removed = new ArrayList<>();
        Map.Entry<Long, Run> before = runs.floorEntry(from);
        Long start = before != null && before.getValue().first() + before.getValue().pages() > from
                ? before.getKey() : runs.ceilingKey(from);
        while (start != null && start < to) {
            Run run = runs.remove(start);
            long end = run.first() + run.pages();
            if (run.first() < from) {
                put(run.first(), from - run.first(), run.after());
            }
            if (end > to) {
                put(to, end - to, run.after());
            }
            long keptFrom = Math.max(from, run.first());
            long keptTo = Math.min(to, end);
            removed.add(new Run(keptFrom, keptTo - keptFrom, run.after()));
            start = runs.ceilingKey(keptTo);
        }
        return removed;
    }

    private void put(long first, long pages, long after) {
        runs.put(first, new Run(first, pages, after));
        earliest = Math.min(earliest, after);
    }
}
