package dev.ferrite.fams;

import java.time.Instant;

/**
 * What a {@link FamsFile} has done since it was opened, for an application to export to its own
 * metrics. Byte counts are what reached the file system: the log's frames or undo images, and the
 * pages written into the data file by commits (undo mode), checkpoints (write-ahead mode) and
 * recovery.
 *
 * @param commits commits made through this object
 * @param pagesCommitted pages those commits changed, summed
 * @param bytesLogged bytes written to the log
 * @param bytesWritten bytes written to the data file
 * @param syncs {@code fdatasync} and {@code fsync} calls, on files and directories
 * @param checkpoints checkpoints run (write-ahead mode), on demand, past the threshold or at close
 * @param lastCommitNumber the number of the file's last commit, whoever made it
 * @param lastCommitTime when this object's last commit returned; null before its first
 * @param lastCommitNanos how long this object's last commit took; 0 before its first
 */
public record FamsStatistics(long commits, long pagesCommitted, long bytesLogged, long bytesWritten, long syncs,
                             long checkpoints, long lastCommitNumber, Instant lastCommitTime, long lastCommitNanos) {

    /** The mean number of pages a commit changed; 0 before the first commit. */
    public double pagesPerCommit() {
        return commits == 0 ? 0 : (double) pagesCommitted / commits;
    }
}
