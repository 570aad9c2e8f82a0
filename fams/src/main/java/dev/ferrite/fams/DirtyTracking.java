package dev.ferrite.fams;

/** How {@link FamsFile#commit()} finds the pages written since the last commit. */
public enum DirtyTracking {
    /**
     * Only the pages passed to {@link FamsFile#markDirty}; the cheapest mode. A {@link
     * CommitMode#REDO} commit compares only the 64-byte lines of those pages that the marks
     * covered, so the marks must cover every byte written.
     */
    EXPLICIT,
    /**
     * Only the pages {@code /proc/self/pagemap} reports as privately written; needs no cooperation
     * from the writer, costs a scan of the mapping per commit: with the {@code PAGEMAP_SCAN} ioctl
     * (Linux 6.7+) tens of microseconds per GiB mapped, else about 2 ms per GiB. Linux only.
     */
    PAGEMAP,
    /** The union of both: the default where the pagemap is readable, else {@link #EXPLICIT}. */
    COMBINED,
    /**
     * Explicit marks, checked against the pagemap: a commit that finds a written page that was not
     * marked, or in {@link CommitMode#REDO} a changed 64-byte line of a marked page that no mark
     * covered, throws {@link FamsUnmarkedWriteException} and commits nothing. For tests. Linux only.
     */
    CHECKED
}
