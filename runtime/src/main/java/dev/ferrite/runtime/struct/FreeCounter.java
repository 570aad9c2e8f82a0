package dev.ferrite.runtime.struct;

/**
 * Counts the events that can leave a flyweight over a record that is gone: frees of records, and
 * anything else that changes which record a block holds (a rollback, a block moved by
 * compaction). A {@link StructStore} that counts them all lets flyweights skip their check of the
 * record's header while the count has not moved since they were pointed at their record: no
 * record can have been freed in the meantime, so theirs is live. That makes the check a compare of
 * two numbers that stay in registers in a loop, instead of a read of the heap.
 *
 * <p>A store that cannot promise to count every such event (a bare segment whose bytes anyone may
 * rewrite, a read-only heap whose file the writer's commits may change) returns {@link
 * #uncounted()}, and its flyweights check the header on every access, as before.
 *
 * <p>The count is changed by the store's writer under the store's own locking and read without
 * any: as with the records themselves, a thread that reads while another frees is a data race
 * that the store's threading rules forbid.
 */
public final class FreeCounter {
    private static final FreeCounter UNCOUNTED = new FreeCounter(false);

    private final boolean counts;
    /** Events so far; read directly by {@link Flyweight#checkLive}. Never decreases. */
    long events;

    private FreeCounter(boolean counts) {
        this.counts = counts;
    }

    /** A new counter at 0, for a store that reports every free with {@link #recordFree()}. */
    public static FreeCounter create() {
        return new FreeCounter(true);
    }

    /** The counter of stores that do not count frees: their flyweights always check the header. */
    public static FreeCounter uncounted() {
        return UNCOUNTED;
    }

    /**
     * Records that a record was freed, or that the records in some blocks may have changed in any
     * other way than by being written through flyweights (a rollback, a move).
     *
     * @throws UnsupportedOperationException on {@link #uncounted()}, whose count must never move
     */
    public void recordFree() {
        if (!counts) {
            throw new UnsupportedOperationException("this counter does not count frees");
        }
        events++;
    }

    /**
     * What a flyweight remembers when it is pointed at a record: the count now, or for an
     * uncounted store -1, which the count never equals.
     */
    long mark() {
        return counts ? events : -1;
    }
}
