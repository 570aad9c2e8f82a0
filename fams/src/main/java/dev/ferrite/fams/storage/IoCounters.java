package dev.ferrite.fams.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of the I/O a FAMS file has done since it was opened: bytes written to its data
 * file and to its log, syncs, and the time spent in them. Kept by {@link CountingStorage};
 * callers take differences of two {@link #snapshot() snapshots} to see what one step cost.
 */
public final class IoCounters {
    private final AtomicLong dataBytes = new AtomicLong();
    private final AtomicLong logBytes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();

    void wrote(boolean data, long bytes) {
        (data ? dataBytes : logBytes).addAndGet(bytes);
    }

    void synced(long nanos) {
        syncs.incrementAndGet();
        syncNanos.addAndGet(nanos);
    }

    /** The totals now. */
    public Snapshot snapshot() {
        return new Snapshot(dataBytes.get(), logBytes.get(), syncs.get(), syncNanos.get());
    }

    /**
     * Totals at one instant.
     *
     * @param dataBytes bytes written to the data file
     * @param logBytes bytes written to logs
     * @param syncs {@code fdatasync} and {@code fsync} calls on files and directories
     * @param syncNanos time spent in those calls
     */
    public record Snapshot(long dataBytes, long logBytes, long syncs, long syncNanos) {

        /** What was done between {@code earlier} and this snapshot. */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(dataBytes - earlier.dataBytes, logBytes - earlier.logBytes, syncs - earlier.syncs,
                    syncNanos - earlier.syncNanos);
        }
    }
}
