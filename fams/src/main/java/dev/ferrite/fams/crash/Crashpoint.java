package dev.ferrite.fams.crash;

/**
 * Named points between the steps of the commit and recovery protocols. A test JVM started with
 * {@code -Dferrite.fams.crashpoint=NAME} (or {@code NAME@n} for the n-th time the point is
 * reached) halts there at once with exit status {@link #EXIT_STATUS}, as a crash would: no
 * shutdown hooks, no finally blocks, no unmapping. Without the property each point is one compare
 * of a static final field against null, which the JIT folds away.
 */
public enum Crashpoint {
    /** Commit: records, trailer and armed header written to the log, not yet synced. */
    COMMIT_LOG_WRITTEN,
    /** Commit: log synced; the data file is untouched. */
    COMMIT_LOG_SYNCED,
    /** Commit: about half of the new pages written to the data file. */
    COMMIT_DATA_HALF_WRITTEN,
    /** Commit: all new pages written to the data file, not yet synced. */
    COMMIT_DATA_WRITTEN,
    /** Commit: data file synced; the log still says the commit is in flight. */
    COMMIT_DATA_SYNCED,
    /** Commit: the retiring header written, not yet synced. */
    COMMIT_RETIRE_WRITTEN,
    /** Commit: retired and synced; the commit is durable. */
    COMMIT_RETIRED,
    /** Redo commit: the frame appended to the redo log, not yet synced. */
    REDO_FRAME_WRITTEN,
    /** Redo commit: the frame synced; the commit is durable. */
    REDO_FRAME_SYNCED,
    /** Checkpoint: the committed pages written to the data file, not yet synced. */
    CHECKPOINT_DATA_WRITTEN,
    /** Checkpoint: the data file synced; the redo log not yet restarted. */
    CHECKPOINT_DATA_SYNCED,
    /** Checkpoint: the new generation's header written, not yet synced. */
    CHECKPOINT_HEADER_WRITTEN,
    /** Open: the log records that the data file may grow, not yet synced; the file not yet extended. */
    EXTEND_RECORDED,
    /** Truncate: the log records the smaller size, not yet synced; the data file not yet cut. */
    TRUNCATE_RECORDED,
    /** Recovery of a new file: the first log header written to the temporary log file. */
    RECOVERY_LOG_CREATED,
    /** Recovery: the undo images of an interrupted commit written back, not yet synced. */
    RECOVERY_APPLIED,
    /** Recovery: the data file restored and synced; the log not yet retired. */
    RECOVERY_DATA_SYNCED,
    /** Recovery: the retiring header written, not yet synced. */
    RECOVERY_RETIRE_WRITTEN,
    /** Switch from the undo log: the redo log in place, the undo log not yet removed. */
    REDO_LOG_SWITCHED,
        /** Rollback to a retained commit: one undo log applied and synced, its log not yet removed. */
    ROLLBACK_STEP_APPLIED;

    /** Exit status of a JVM halted at a crashpoint. */
    public static final int EXIT_STATUS = 86;

    private static final Crashpoint ARMED;
    private static final int ARMED_HIT;
    private static int hits;

    static {
        String spec = System.getProperty("ferrite.fams.crashpoint");
        if (spec == null || spec.isEmpty()) {
            ARMED = null;
            ARMED_HIT = 0;
        } else {
            int at = spec.indexOf('@');
            ARMED = valueOf(at < 0 ? spec : spec.substring(0, at));
            ARMED_HIT = at < 0 ? 1 : Integer.parseInt(spec.substring(at + 1));
        }
    }

    /** Halts the JVM if this point is the armed one and has been reached the armed number of times. */
    public void reach() {
        if (ARMED == this) {
            synchronized (Crashpoint.class) {
                if (++hits == ARMED_HIT) {
                    Runtime.getRuntime().halt(EXIT_STATUS);
                }
            }
        }
    }
}
