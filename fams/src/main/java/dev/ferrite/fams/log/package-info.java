/**
 * The page log format ({@link dev.ferrite.fams.log.LogFormat}, {@link dev.ferrite.fams.log.LogHeader})
 * with its writer and validating reader. Syncing and the meaning of the images (undo or redo)
 * belong to the protocol. Internal.
 */
package dev.ferrite.fams.log;
