package dev.ferrite.fams;

/** When {@link FamsFile#commit(Durability)} returns relative to the commit becoming durable. */
public enum Durability {
    /** The commit is durable when {@code commit} returns. */
    SYNC,
    /**
     * The commit is atomic and ordered like any other, but may become durable only after
     * {@code commit} returns: within {@link FamsOptions#asyncSyncDelay()}, at {@link FamsFile#sync()},
     * at the next {@code SYNC} commit, checkpoint or close. A crash may lose the last {@code ASYNC}
     * commits, never a part of one, and never one that precedes a durable commit. In
     * {@link CommitMode#UNDO} every commit is synchronous.
     */
    ASYNC
}
