/**
 * The page log format ({@link dev.ferrite.fams.log.LogFormat}, {@link dev.ferrite.fams.log.LogHeader})
 * with its writer and validating reader, and the names of the log files beside a data file
 * ({@link dev.ferrite.fams.log.LogFiles}). Syncing and the meaning of the images (undo or redo)
 * belong to the protocol. Internal.
 */
package dev.ferrite.fams.log;
