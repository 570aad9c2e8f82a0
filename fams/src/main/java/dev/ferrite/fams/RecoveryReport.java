package dev.ferrite.fams;

/**
 * What {@link FamsFile#open} found and did before mapping the file.
 *
 * @param outcome the kind of state found
 * @param commitNumber the commit the file holds after recovery
 * @param detail a sentence naming the files, commits and any damage found
 */
public record RecoveryReport(Outcome outcome, long commitNumber, String detail) {

    /** The kinds of state recovery can find. */
    public enum Outcome {
        /** No commit was in flight. */
        CLEAN,
        /** The file had no log yet; one was created and the file's contents became commit 0. */
        CREATED,
        /**
         * A commit was interrupted before its log was complete, so the data file was untouched; the
         * log was discarded.
         */
        DISCARDED_INCOMPLETE_COMMIT,
        /** A commit was interrupted after its log was synced; the undo images restored the previous commit. */
        UNDID_INTERRUPTED_COMMIT,
        /**
         * Opened read-only while a commit was in flight or interrupted: the undo images were applied
         * to this process's view only, the files were not changed.
         */
        UNDID_IN_VIEW_ONLY,
        /**
         * Write-ahead mode: commits found in the redo log after its last checkpoint were written into
         * the data file, which was synced, and the log restarted.
         */
        REPLAYED_LOG,
        /**
         * Write-ahead mode, opened read-only: the commits in the redo log were laid over this
         * process's view only, the files were not changed.
         */
        REPLAYED_IN_VIEW_ONLY
    }

    @Override
    public String toString() {
        return outcome + " at commit " + commitNumber + ": " + detail;
    }
}
