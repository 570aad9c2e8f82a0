package dev.ferrite.fams.log;

/** What a log header says. */
public enum LogState {
    /** No commit in flight: the header records the last commit and the committed file size. */
    IDLE(1),
    /**
     * The records and trailer were written together with this header: if they all validate, the
     * log may have been synced and the data file partly rewritten, and it must be applied.
     */
    ARMED(2);

    final int code;

    LogState(int code) {
        this.code = code;
    }

    static LogState of(int code) {
        for (LogState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
