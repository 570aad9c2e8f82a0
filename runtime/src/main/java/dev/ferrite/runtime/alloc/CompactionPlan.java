package dev.ferrite.runtime.alloc;

/**
 * How a compaction will go (see {@link Allocator#planCompaction}): the slabs whose blocks move into
 * the other slabs of their size class, then the page from which up every block moves below.
 *
 * @param emptiedSlabs the pages of the slabs to empty first, ascending
 * @param cut the page from which up every block moves below it; the top page if none can
 */
public record CompactionPlan(long[] emptiedSlabs, long cut) {}
