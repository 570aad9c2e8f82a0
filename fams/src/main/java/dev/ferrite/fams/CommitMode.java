package dev.ferrite.fams;

/** How {@link FamsFile#commit()} makes a commit durable; see {@link FamsFile} for both protocols. */
public enum CommitMode {
    /**
     * An undo log: the old images of the changed pages are logged and synced, then the new pages
     * are written into the data file and synced. Two syncs per commit; the data file always holds
     * the last commit; earlier commits can be retained ({@link FamsOptions#retainVersions}).
     */
    UNDO,
    /**
     * A write-ahead (redo) log: a commit appends one frame with the bytes that changed (in
     * 64-byte lines) and syncs the log once; checkpoints move the changed pages into the data file
     * and restart the log. Supports {@link Durability#ASYNC}; retains no earlier versions.
     */
    REDO
}
