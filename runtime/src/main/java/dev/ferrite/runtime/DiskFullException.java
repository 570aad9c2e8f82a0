package dev.ferrite.runtime;

/**
 * The file system under a heap has no space (or the user's quota is exhausted): a commit, a
 * checkpoint, an open, or the first write of a page of the memory mapping on a full {@code tmpfs}
 * was refused. The message names the file system, the bytes needed and the bytes free.
 *
 * <p>This is an ordinary, recoverable error, not damage: the heap file stays at its last commit
 * and the {@link Heap} stays usable in the same process. After a refused {@link Heap#commit()}
 * the uncommitted changes are still there: free space, then commit again, or {@link
 * Heap#rollback()} to drop them. After a refused operation (a memory fault) the heap holds part of
 * it: {@link Heap#rollback()}, then go on. A failed {@code fsync} is different and reported as
 * {@link HeapIoException}: after it nothing written can be trusted until the heap is reopened.
 */
public class DiskFullException extends HeapFullException {
    private static final long serialVersionUID = 1L;

    private final String fileSystem;
    private final long neededBytes;
    private final long freeBytes;

    /**
     * @param fileSystem the full file system, as its mount point and device
     * @param neededBytes bytes the refused operation needed
     * @param freeBytes bytes free right after the refusal; -1 if unknown
     */
    public DiskFullException(String message, String fileSystem, long neededBytes, long freeBytes, Throwable cause) {
        super(message, cause);
        this.fileSystem = fileSystem;
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    /** The full file system, as its mount point and device ({@code /mnt/data (/dev/sdb1)}). */
    public String fileSystem() {
        return fileSystem;
    }

    /** Bytes the refused operation needed. */
    public long neededBytes() {
        return neededBytes;
    }

    /** Bytes free to this user on the file system right after the refusal; -1 if unknown. */
    public long freeBytes() {
        return freeBytes;
    }
}
