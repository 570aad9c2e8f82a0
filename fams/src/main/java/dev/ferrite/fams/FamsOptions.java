package dev.ferrite.fams;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link FamsFile#open}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * FamsOptions o = FamsOptions.builder().size(1L << 30).retainVersions(8).build();
 * }</pre>
 */
public final class FamsOptions {
    private static final FamsOptions DEFAULTS = builder().build();

    private final long size;
    private final long reserve;
    private final boolean readOnly;
    private final DirtyTracking dirtyTracking;
    private final int retainVersions;
    private final CommitMode commitMode;
    private final long checkpointThreshold;
    private final Duration asyncSyncDelay;

    private FamsOptions(Builder b) {
        if (b.commitMode == CommitMode.REDO && b.retainVersions > 0) {
            throw new IllegalArgumentException("retainVersions(" + b.retainVersions + ") needs CommitMode.UNDO: the"
                    + " write-ahead mode retains no earlier versions");
        }
        this.commitMode = b.commitMode;
        this.checkpointThreshold = b.checkpointThreshold;
        this.asyncSyncDelay = b.asyncSyncDelay;
        this.size = b.size;
        this.reserve = b.reserve;
        this.readOnly = b.readOnly;
        this.dirtyTracking = b.dirtyTracking;
        this.retainVersions = b.retainVersions;
    }

    /**
     * Size 0 (map the file as it is), writable, {@link DirtyTracking#COMBINED}, no retention,
     * {@link CommitMode#UNDO}.
     */
    public static FamsOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Bytes to map. A smaller file is extended (sparse, with zeros; the growth becomes part of the
     * next commit) when opened writable; a larger file is mapped whole. 0 maps the file's size.
     * Read-only opens always map the size of the last commit.
     */
    public long size() {
        return size;
    }

    /**
     * Bytes of address space a writable open maps, at least the file's size: room for {@link
     * FamsFile#grow} to extend the file in place, without moving the segment. Only the pages the
     * file backs take memory or may be touched. 0 (the default) reserves nothing beyond the file.
     */
    public long reserve() {
        return reserve;
    }

    /** Whether the file is opened read-only: no lock is taken and the segment rejects writes. */
    public boolean readOnly() {
        return readOnly;
    }

    public DirtyTracking dirtyTracking() {
        return dirtyTracking;
    }

    /** How many earlier commits are kept so that {@link FamsFile#rollbackTo} can return to them. */
    public int retainVersions() {
        return retainVersions;
    }

    /** The commit protocol of writable opens; read-only opens follow the log the file has. */
    public CommitMode commitMode() {
        return commitMode;
    }

    /**
     * {@link CommitMode#REDO}: a commit is followed by a checkpoint once the redo log's frames, or
     * the committed pages held in memory until the next checkpoint, pass this many bytes.
     */
    public long checkpointThreshold() {
        return checkpointThreshold;
    }

    /** {@link CommitMode#REDO}: the longest an {@link Durability#ASYNC} commit waits for its sync. */
    public Duration asyncSyncDelay() {
        return asyncSyncDelay;
    }

    @Override
    public String toString() {
        return "FamsOptions[size=" + size + ", reserve=" + reserve + ", readOnly=" + readOnly + ", dirtyTracking=" + dirtyTracking
                + ", retainVersions=" + retainVersions + ", commitMode=" + commitMode + ", checkpointThreshold="
                + checkpointThreshold + ", asyncSyncDelay=" + asyncSyncDelay + "]";
    }

    /** Builder of {@link FamsOptions}. */
    public static final class Builder {
        private long size;
        private long reserve;
        private boolean readOnly;
        private DirtyTracking dirtyTracking = DirtyTracking.COMBINED;
        private int retainVersions;
        private CommitMode commitMode = CommitMode.UNDO;
        private long checkpointThreshold = 64L << 20;
        private Duration asyncSyncDelay = Duration.ofMillis(10);

        private Builder() {}

        /** Bytes to map, at least 0; see {@link FamsOptions#size()}. */
        public Builder size(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("size must be >= 0, got " + bytes);
            }
            this.size = bytes;
            return this;
        }

        /** Bytes of address space to reserve, at least 0; see {@link FamsOptions#reserve()}. */
        public Builder reserve(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("reserve must be >= 0, got " + bytes);
            }
            this.reserve = bytes;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder dirtyTracking(DirtyTracking tracking) {
            this.dirtyTracking = Objects.requireNonNull(tracking, "tracking");
            return this;
        }

        /** Number of earlier commits to keep (0 to 1,000,000); each costs one undo log file. */
        public Builder retainVersions(int count) {
            if (count < 0 || count > 1_000_000) {
                throw new IllegalArgumentException("retainVersions must be in [0, 1000000], got " + count);
            }
            this.retainVersions = count;
            return this;
        }

        /** The commit protocol; {@link CommitMode#UNDO} by default. */
        public Builder commitMode(CommitMode mode) {
            this.commitMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Bytes of redo log (or of pages held in memory) that trigger a checkpoint; 64 MiB by default. */
        public Builder checkpointThreshold(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("checkpointThreshold must be >= 1, got " + bytes);
            }
            this.checkpointThreshold = bytes;
            return this;
        }

        /** How long an {@link Durability#ASYNC} commit may wait for its sync; 10 ms by default. */
        public Builder asyncSyncDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("asyncSyncDelay must not be negative, got " + delay);
            }
            this.asyncSyncDelay = delay;
            return this;
        }

        public FamsOptions build() {
            return new FamsOptions(this);
        }
    }
}
