package dev.ferrite.fams;

/**
 * The file system under a {@link FamsFile} has no space (or the user's quota is exhausted) for a
 * commit, a checkpoint or an open. Unlike a failed sync this is an ordinary error: the file is
 * still at its last commit, nothing of the refused operation counts, and the {@code FamsFile}
 * stays usable (it is not {@linkplain FamsPoisonedException poisoned}). Free space, then commit
 * again (the uncommitted changes are kept) or {@link FamsFile#rollback()}.
 */
public class FamsFullException extends FamsException {
    private static final long serialVersionUID = 1L;

    private final String fileSystem;
    private final long neededBytes;
    private final long freeBytes;

    /**
     * @param fileSystem the full file system, as its mount point and device
     * @param neededBytes bytes the refused operation needed
     * @param freeBytes bytes free right after the refusal; -1 if unknown
     */
    public FamsFullException(String message, String fileSystem, long neededBytes, long freeBytes, Throwable cause) {
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
