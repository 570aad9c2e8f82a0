package dev.ferrite.runtime;

import java.nio.file.Path;

/**
 * What {@link Heap#compact()} did, or what {@link Heap#planCompaction()} says it would do.
 *
 * @param heap the heap file
 * @param dryRun whether nothing was changed: a plan
 * @param blocksMoved blocks (records, strings, collection parts, metadata) moved towards the start
 * @param bytesMoved bytes in those blocks
 * @param referencesRewritten references, roots included, that were pointed at a moved block; 0 in a plan
 * @param extentBefore the end of the used pages before, in bytes from the start of the file
 * @param extentAfter the end of the used pages after; in a plan an upper bound
 * @param fileSizeBefore the logical size of the heap file before
 * @param fileSizeAfter the logical size of the heap file after: the end of the last region that
 *     still holds a record (larger while read-only opens kept the file from being cut); in a plan
 *     an upper bound
 * @param mapNodeBytes bytes of sorted-map nodes that packing the maps' leaves full freed, before
 *     any block moved; in a plan, the bytes it would free, which {@code blocksMoved}, {@code
 *     extentAfter} and {@code fileSizeAfter} leave out (the compaction then has less to move and
 *     may lower the extent further)
 */
public record CompactionReport(Path heap, boolean dryRun, long blocksMoved, long bytesMoved,
        long referencesRewritten, long extentBefore, long extentAfter, long fileSizeBefore, long fileSizeAfter,
        long mapNodeBytes) {

    /** The bytes between the old and the new end of the used pages, which the file gives back. */
    public long gain() {
        return extentBefore - extentAfter;
    }

    /** The bytes the file's logical size shrinks by (in a plan: at least). */
    public long fileGain() {
        return fileSizeBefore - fileSizeAfter;
    }

    /** Receives how far a compaction has come: {@code done} of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        /** Called from the compacting thread, often; should return quickly. */
        void update(long done, long total);
    }
}
