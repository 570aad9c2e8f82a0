/** Recovery at open: undo or discard an interrupted commit, idempotently. Internal. */
package dev.ferrite.fams.recovery;
