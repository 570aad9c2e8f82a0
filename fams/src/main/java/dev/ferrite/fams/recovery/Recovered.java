package dev.ferrite.fams.recovery;

import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.storage.StorageFile;
import java.util.List;

/**
 * The state recovery established: open files, the last commit and its file size.
 *
 * @param data the data file, open for writing unless read-only
 * @param log the log, open for writing unless read-only; null if read-only and no log exists yet
 * @param overlay read-only only: page images to lay over the mapping to hide an unfinished commit
 */
public record Recovered(StorageFile data, StorageFile log, LogIdentity identity, long commitNumber,
                        long committedSize, List<PageImage> overlay, RecoveryReport report) {}
