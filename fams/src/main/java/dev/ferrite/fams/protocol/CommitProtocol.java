package dev.ferrite.fams.protocol;

import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.recovery.PageImage;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * What {@code FamsFile} asks of a commit protocol: the undo log ({@link UndoProtocol}) or the
 * write-ahead log ({@link RedoProtocol}). Not thread-safe; callers serialise. After any
 * {@link IOException} the on-disk state is unknown and the caller must stop using the object (the
 * file is recovered at the next open).
 */
public interface CommitProtocol extends Closeable {
    long commitNumber();

    /** The size of the data file at the last commit. */
    long committedSize();

    RecoveryReport report();

    /** Read-only opens only: images to lay over the mapping so that it shows the last commit. */
    List<PageImage> overlay();

    /**
     * Makes the data file at least {@code size} bytes, with zeros; the growth is committed by the
     * next commit. The log first records, durably, that the file may be that long.
     */
    void ensureSize(long size) throws IOException;

    /**
     * Cuts the data file to {@code size} bytes, durably, keeping the last commit's bytes below
     * {@code size}; the caller gives up every byte from there on, and excludes readers. The log
     * first records that the file may still be as long as it is now, so that a crash before the
     * cut leaves a file that recovery accepts and cuts. The write-ahead protocol needs a checkpoint
     * first (no frame may follow the header it writes); the undo protocol first punches the bytes
     * from {@code size} on out of the data file and syncs, before it records the cut, since its
     * recovery accepts only zeros past the committed size.
     *
     * @return false, with nothing changed, if the undo protocol could not make those bytes holes
     */
    boolean truncate(long size) throws IOException;

    /**
     * Punches a hole in the data file ({@link dev.ferrite.fams.storage.StorageFile#punch}), for
     * bytes no recovery or rollback needs any more; durable with {@link #syncPunched}.
     *
     * @throws UnsupportedOperationException if the file system cannot punch holes
     */
    boolean punch(long position, long length) throws IOException;

    /** Makes the holes {@link #punch}ed so far durable. */
    void syncPunched() throws IOException;

    /**
     * Commits, durably: afterwards the file's last commit holds, for each page in {@code dirtyPages},
     * the bytes {@code source} gives, has size {@code newSize}, and is otherwise unchanged.
     *
     * @param dirtyPages page indices in ascending order, without duplicates
     * @return the new commit number
     */
    long commit(long[] dirtyPages, PageSource source, long newSize) throws IOException;

    /** Commit numbers the file can be rolled back to, ascending, ending with the current one. */
    List<Long> versions();

    /** Rolls the file back to retained commit {@code target}, one of {@link #versions()}. */
    void rollbackTo(long target) throws IOException;
}
