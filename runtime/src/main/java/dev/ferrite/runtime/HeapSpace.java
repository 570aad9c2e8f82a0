package dev.ferrite.runtime;

/**
 * The space a heap takes, as {@link Heap#space()} reports it: what the file claims, what it
 * really uses on disk, and how much of that is live data.
 *
 * @param fileSize the heap file's logical size in bytes: the heap's size, which grows as records
 *     need (the file is sparse)
 * @param diskUsage bytes of disk the heap file's blocks occupy; freed pages are given back to the
 *     file system once their commit is durable, so this follows the live data
 * @param logDiskUsage bytes of disk the heap's logs occupy
 * @param extent bytes from the start of the file to the end of the last page in use or freed
 * @param liveBytes bytes in allocated blocks, rounded up to their block sizes
 * @param freeBytes bytes below the extent in no allocated block: whole free pages and free
 *     blocks of partly used pages
 * @param freePageBytes bytes in whole free pages below the extent, which {@code ferrite compact}
 *     can cut from the end of the file once it has moved the records above them down
 */
public record HeapSpace(
        long fileSize, long diskUsage, long logDiskUsage, long extent, long liveBytes, long freeBytes,
        long freePageBytes) {}
