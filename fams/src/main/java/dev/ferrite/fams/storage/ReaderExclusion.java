package dev.ferrite.fams.storage;

/**
 * The writer's side of the lock that read-only opens of a write-ahead file hold while they are
 * open: while it excludes readers, the writer may change data-file pages that a reader's private
 * mapping would otherwise show half old, half new (a checkpoint, a replay at open).
 */
public interface ReaderExclusion {
    /** For storage without such locks (the simulated disk, systems without OFD locks): never waits. */
    ReaderExclusion NONE = new ReaderExclusion() {
        @Override
        public boolean tryExclude() {
            return true;
        }

        @Override
        public void exclude() {}

        @Override
        public void admit() {}
    };

    /** Excludes readers if none is open now; false, and nothing held, if one is. */
    boolean tryExclude();

    /** Keeps new readers out, waits until every open one has closed, and excludes them. */
    void exclude();

    /** Lets readers open again. */
    void admit();
}
